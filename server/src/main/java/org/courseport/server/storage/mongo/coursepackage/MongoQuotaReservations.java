package org.courseport.server.storage.mongo.coursepackage;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.courseport.server.domain.coursepackage.QuotaReservations;

/**
 * {@link QuotaReservations} in the {@code quotaReservations} collection: one document per tenant
 * ({@code _id} = tenant id) with {@code version}, the sums {@code packages} and {@code bytes}, and
 * the {@code reservations} array ({@code id}, {@code packages}, {@code bytes}, {@code at}, {@code
 * until}). Every change is one update conditional on {@code _id} and {@code version} that sets the
 * whole array and increments the version (or the insert of the tenant's first document, whose
 * duplicate key means another replica came first), so a change made on a stale read never lands.
 * Entries written before bytes were reserved ({@code id}, {@code at} only) are package creations.
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
      return new State(0, List.of());
    }
    List<Held> held = new ArrayList<>();
    for (Document r : d.getList("reservations", Document.class, List.of())) {
      Date until = r.getDate("until");
      held.add(
          new Held(
              r.getString("id"),
              r.containsKey("packages") ? ((Number) r.get("packages")).longValue() : 1L,
              r.containsKey("bytes") ? ((Number) r.get("bytes")).longValue() : 0L,
              r.getDate("at").toInstant(),
              until == null ? null : until.toInstant()));
    }
    return new State(((Number) d.get("version")).longValue(), List.copyOf(held));
  }

  @Override
  public boolean replace(String tenantId, long expectedVersion, List<Held> held) {
    List<Document> entries = new ArrayList<>();
    long packages = 0;
    long bytes = 0;
    for (Held h : held) {
      Document entry =
          new Document("id", h.id())
              .append("packages", h.packages())
              .append("bytes", h.bytes())
              .append("at", Date.from(h.at()));
      if (h.until() != null) {
        entry.append("until", Date.from(h.until()));
      }
      entries.add(entry);
      packages += h.packages();
      bytes += h.bytes();
    }
    if (expectedVersion == 0) {
      try {
        tenants.insertOne(
            new Document("_id", tenantId)
                .append("version", 1L)
                .append("packages", packages)
                .append("bytes", bytes)
                .append("reservations", entries));
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
                    Updates.set("packages", packages),
                    Updates.set("bytes", bytes),
                    Updates.set("reservations", entries)))
            .getModifiedCount()
        == 1;
  }
}
