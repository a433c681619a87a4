package org.courseport.server.storage.mongo.contentexport;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;
import static org.courseport.server.storage.mongo.support.DocumentValues.intValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.strings;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.courseport.server.domain.contentexport.Group;
import org.courseport.server.domain.contentexport.GroupRepository;

/** Groups in the {@code canvasGroups} collection, keyed by {@code {tenant}:{id}}. */
public final class MongoGroupRepository implements GroupRepository {
  public static final String COLLECTION = "canvasGroups";
  private final MongoCollection<Document> groups;
  private final MongoSequences sequences;

  public MongoGroupRepository(MongoDatabase database) {
    this.groups = database.getCollection(COLLECTION);
    this.sequences = new MongoSequences(database);
  }

  @Override
  public Group create(String tenantId, String name, List<String> courseIds, Instant now) {
    int id = sequences.next(tenantId, "group");
    groups.insertOne(
        new Document("_id", tenantId + ":" + id)
            .append("tenantId", tenantId)
            .append("id", id)
            .append("name", name)
            .append("courseIds", List.copyOf(courseIds))
            .append("created", date(now)));
    return new Group(tenantId, id, name, courseIds, now);
  }

  @Override
  public Optional<Group> find(String tenantId, int id) {
    return Optional.ofNullable(
            groups.find(and(eq("_id", tenantId + ":" + id), eq("tenantId", tenantId))).first())
        .map(MongoGroupRepository::fromDocument);
  }

  @Override
  public Optional<Group> addCourses(String tenantId, int id, List<String> courseIds) {
    Document before =
        groups.findOneAndUpdate(
            and(eq("_id", tenantId + ":" + id), eq("tenantId", tenantId)),
            Updates.addEachToSet("courseIds", List.copyOf(courseIds)),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
    if (before == null) {
      return Optional.empty();
    }
    return find(tenantId, id);
  }

  private static Group fromDocument(Document d) {
    return new Group(
        d.getString("tenantId"),
        intValue(d, "id"),
        d.getString("name"),
        strings(d, "courseIds"),
        instant(d, "created"));
  }
}
