package org.courseport.server.storage.mongo.launch;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import org.courseport.server.domain.launch.CourseSharingRepository;
import org.courseport.server.storage.mongo.support.DuplicateKeys;

/**
 * {@link CourseSharingRepository} in the {@code courseSharing} collection: one document per shared
 * course, {@code _id} = the course id (the share id, unique across tenants), with {@code tenant}
 * and {@code course}. Turning sharing on is one insert (a duplicate {@code _id} means shared
 * already, by this tenant or another), off one conditional delete.
 */
public final class MongoCourseSharing implements CourseSharingRepository {
  /** The collection. */
  public static final String COLLECTION = "courseSharing";

  private final MongoCollection<Document> sharing;

  public MongoCourseSharing(MongoDatabase database) {
    this.sharing = database.getCollection(COLLECTION);
  }

  @Override
  public EnableOutcome enable(String tenantId, String courseId, Instant at) {
    try {
      sharing.insertOne(
          new Document("_id", courseId)
              .append("tenant", tenantId)
              .append("course", courseId)
              .append("enabled", true)
              .append("created", date(at)));
      return EnableOutcome.ENABLED;
    } catch (MongoException e) {
      if (!DuplicateKeys.isDuplicateKey(e)) {
        throw e;
      }
    }
    // Shared already: by this tenant (idempotent), or by another (the id is taken). A share
    // removed in between is retried once as a fresh insert.
    Optional<String> owner = sharingTenant(courseId);
    if (owner.isEmpty()) {
      return enable(tenantId, courseId, at);
    }
    return owner.get().equals(tenantId) ? EnableOutcome.ENABLED : EnableOutcome.ID_TAKEN;
  }

  @Override
  public void disable(String tenantId, String courseId) {
    sharing.deleteOne(and(eq("_id", courseId), eq("tenant", tenantId)));
  }

  @Override
  public Optional<String> sharingTenant(String courseId) {
    return Optional.ofNullable(sharing.find(eq("_id", courseId)).first())
        .map(d -> d.getString("tenant"));
  }
}
