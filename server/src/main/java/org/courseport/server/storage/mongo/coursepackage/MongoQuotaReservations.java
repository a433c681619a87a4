package org.courseport.server.storage.mongo.coursepackage;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.courseport.server.domain.coursepackage.QuotaReservations;

/**
 * {@link QuotaReservations} in the {@code quotaReservations} collection: one document per tenant
 * ({@code _id} = tenant id) with {@code version}, {@code packages} and the {@code reservations}
 * array ({@code id}, {@code at}). A reservation is one conditional update on {@code _id} and {@code
 * version} (or the insert of the tenant's first document, whose duplicate key means another replica
 * came first); a release is one update conditional on the reservation being there, so a release
 * never counts twice.
 */
public final class MongoQuotaReservations implements QuotaReservations {
  /** The collection. */
  public static final String COLLECTION = "quotaReservations";

  private final MongoCollection<Document> tenants;

  public MongoQuotaReservations(MongoDatabase database) {
    this.tenants = database.getCollection(COLLECTION);
  }

  @Override
  public State read(String tenantId) {
    Document d = tenants.find(eq("_id", tenantId)).first();
    if (d == null) {
      return new State(0, 0, null);
    }
    Instant oldest = null;
    for (Document r : d.getList("reservations", Document.class, List.of())) {
      Instant at = r.getDate("at").toInstant();
      oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
    }
    return new State(
        ((Number) d.get("version")).longValue(), ((Number) d.get("packages")).longValue(), oldest);
  }

  @Override
  public boolean reserve(String tenantId, long expectedVersion, String id, Instant at) {
    Document reservation = new Document("id", id).append("at", Date.from(at));
    if (expectedVersion == 0) {
      try {
        tenants.insertOne(
            new Document("_id", tenantId)
                .append("version", 1L)
                .append("packages", 1L)
                .append("reservations", List.of(reservation)));
        return true;
      } catch (MongoWriteException e) {
        if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
          return false; // another request created the document first
        }
        throw e;
      }
    }
    return tenants
            .updateOne(
                and(eq("_id", tenantId), eq("version", expectedVersion)),
                Updates.combine(
                    Updates.inc("version", 1L),
                    Updates.inc("packages", 1L),
                    Updates.push("reservations", reservation)))
            .getModifiedCount()
        == 1;
  }

  @Override
  public void release(String tenantId, String id) {
    tenants.updateOne(
        and(eq("_id", tenantId), eq("reservations.id", id)),
        Updates.combine(
            Updates.inc("version", 1L),
            Updates.inc("packages", -1L),
            Updates.pull("reservations", new Document("id", id))));
  }

  @Override
  public void releaseOlderThan(String tenantId, Instant cutoff) {
    Document d = tenants.find(eq("_id", tenantId)).first();
    if (d == null) {
      return;
    }
    for (Document r : d.getList("reservations", Document.class, List.of())) {
      if (r.getDate("at").toInstant().isBefore(cutoff)) {
        release(tenantId, r.getString("id"));
      }
    }
  }
}
