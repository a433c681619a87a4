package org.courseport.server.storage.mongo.coursepackage;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;
import org.courseport.server.domain.coursepackage.QuotaUsage;
import org.courseport.server.domain.coursepackage.UploadSlot;
import org.courseport.server.storage.mongo.MongoStore;

/** {@link QuotaUsage} from the {@code courseVersions} and {@code packageUploads} collections. */
public final class MongoQuotaUsage implements QuotaUsage {
  private final MongoDatabase database;

  public MongoQuotaUsage(MongoDatabase database) {
    this.database = database;
  }

  @Override
  public long storedBytes(String tenantId) {
    Map<String, Long> sizes = new HashMap<>();
    for (Document d :
        database
            .getCollection(MongoStore.COURSE_VERSIONS)
            .find(eq("tenantId", tenantId))
            .projection(Projections.include("blobId", "packageSize"))) {
      put(sizes, d.getString("blobId"), d.get("packageSize"));
    }
    for (Document d :
        database
            .getCollection(MongoUploadRepository.COLLECTION)
            .find(and(eq("tenantId", tenantId), eq("state", UploadSlot.State.STORED.name())))
            .projection(Projections.include("blobId", "declaredSize"))) {
      put(sizes, d.getString("blobId"), d.get("declaredSize"));
    }
    return sizes.values().stream().mapToLong(Long::longValue).sum();
  }

  private static void put(Map<String, Long> sizes, String blobId, Object size) {
    if (blobId != null && size instanceof Number n) {
      sizes.put(blobId, n.longValue());
    }
  }
}
