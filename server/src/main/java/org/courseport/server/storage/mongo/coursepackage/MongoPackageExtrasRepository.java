package org.courseport.server.storage.mongo.coursepackage;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.coursepackage.PackageExtras;
import org.courseport.server.domain.coursepackage.PackageExtrasRepository;

/**
 * {@link PackageExtrasRepository} on collection {@code packageExtras}, one document per package
 * with {@code _id} {tenantId, packageId}; every write is a single-document upsert.
 */
public final class MongoPackageExtrasRepository implements PackageExtrasRepository {
  static final String COLLECTION = "packageExtras";

  private final MongoCollection<Document> extras;

  public MongoPackageExtrasRepository(MongoDatabase database) {
    this.extras = database.getCollection(COLLECTION);
  }

  @Override
  public PackageExtras find(String tenantId, String packageId) {
    Document d = extras.find(eq("_id", id(tenantId, packageId))).first();
    if (d == null) {
      return PackageExtras.NONE;
    }
    Date updated = d.getDate("updated");
    return new PackageExtras(
        d.getString("description"),
        d.getString("duration"),
        d.getString("customMetadata"),
        updated == null ? null : updated.toInstant());
  }

  @Override
  public void update(
      String tenantId,
      String packageId,
      String description,
      String duration,
      String customMetadataJson,
      Instant now) {
    List<Bson> updates = new ArrayList<>();
    if (description != null) {
      updates.add(Updates.set("description", description));
    }
    if (duration != null) {
      updates.add(Updates.set("duration", duration));
    }
    if (customMetadataJson != null) {
      updates.add(Updates.set("customMetadata", customMetadataJson));
    }
    updates.add(Updates.set("updated", Date.from(now)));
    extras.updateOne(
        eq("_id", id(tenantId, packageId)),
        Updates.combine(updates),
        new UpdateOptions().upsert(true));
  }

  @Override
  public void delete(String tenantId, String packageId) {
    extras.deleteOne(eq("_id", id(tenantId, packageId)));
  }

  private static Document id(String tenantId, String packageId) {
    return new Document("tenantId", tenantId).append("packageId", packageId);
  }
}
