package org.courseport.server.storage.mongo.coursepackage;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.coursepackage.QuotaOverrides;

/** {@link QuotaOverrides} on collection {@code tenantQuotas}, keyed by the tenant id. */
public final class MongoQuotaOverrides implements QuotaOverrides {
  static final String COLLECTION = "tenantQuotas";

  private final MongoCollection<Document> quotas;

  public MongoQuotaOverrides(MongoDatabase database) {
    this.quotas = database.getCollection(COLLECTION);
  }

  @Override
  public Optional<Values> find(String tenantId) {
    return Optional.ofNullable(quotas.find(eq("_id", tenantId)).first())
        .map(d -> new Values(number(d.get("maxPackages")), number(d.get("maxBytes"))));
  }

  @Override
  public void set(String tenantId, Long maxPackages, Long maxBytes) {
    List<Bson> updates = new ArrayList<>();
    if (maxPackages != null) {
      updates.add(Updates.set("maxPackages", maxPackages));
    }
    if (maxBytes != null) {
      updates.add(Updates.set("maxBytes", maxBytes));
    }
    if (updates.isEmpty()) {
      return;
    }
    UpdateOptions upsert = new UpdateOptions().upsert(true);
    try {
      quotas.updateOne(eq("_id", tenantId), Updates.combine(updates), upsert);
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      // A concurrent first write created the document; this update now matches it.
      quotas.updateOne(eq("_id", tenantId), Updates.combine(updates), upsert);
    }
  }

  private static Long number(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }
}
