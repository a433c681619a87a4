package org.courseport.server.storage.mongo.coursepackage;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
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
    Bson filter = eq("_id", id(tenantId, packageId));
    Bson update = Updates.combine(updates);
    UpdateOptions upsert = new UpdateOptions().upsert(true);
    try {
      extras.updateOne(filter, update, upsert);
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      // A concurrent first write created the document; this update now matches it.
      extras.updateOne(filter, update, upsert);
    }
  }

  @Override
  public void delete(String tenantId, String packageId) {
    extras.deleteOne(eq("_id", id(tenantId, packageId)));
  }

  private static Document id(String tenantId, String packageId) {
    return new Document("tenantId", tenantId).append("packageId", packageId);
  }
}
