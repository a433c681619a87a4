package org.courseport.server.storage.mongo.delivery;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.domain.delivery.Delivery.Attempt;
import org.courseport.server.domain.delivery.Delivery.Status;
import org.courseport.server.domain.delivery.DeliveryRepository;

/**
 * {@link DeliveryRepository} on MongoDB, collection {@code deliveries}: one document per delivery
 * with its attempts in an array. A claim is one {@code findOneAndUpdate} on a PENDING, due and
 * unleased (or lease-expired) document; recording an attempt is one update conditional on the lease
 * owner.
 */
public final class MongoDeliveryRepository implements DeliveryRepository {
  static final String COLLECTION = "deliveries";
  private static final String PENDING = Status.PENDING.name();

  private final MongoCollection<Document> collection;

  public MongoDeliveryRepository(MongoDatabase database) {
    this.collection = database.getCollection(COLLECTION);
    collection.createIndex(Indexes.ascending("status", "nextAttemptAt"));
    collection.createIndex(Indexes.ascending("tenantId", "endpointId", "created"));
    collection.createIndex(Indexes.ascending("tenantId", "subjectId"));
  }

  @Override
  public void insert(Delivery d) {
    collection.insertOne(toDocument(d).append("leaseOwner", null).append("leaseUntil", null));
  }

  @Override
  public Optional<Delivery> claimDue(String owner, Instant now, Instant leaseUntil) {
    Bson claimable =
        and(
            eq("status", PENDING),
            lte("nextAttemptAt", date(now)),
            or(eq("leaseUntil", null), lt("leaseUntil", date(now))));
    Bson claim =
        Updates.combine(
            Updates.set("leaseOwner", owner), Updates.set("leaseUntil", date(leaseUntil)));
    // BEFORE, as for import jobs: an AFTER document may already carry a later concurrent update.
    FindOneAndUpdateOptions options =
        new FindOneAndUpdateOptions()
            .sort(Sorts.ascending("nextAttemptAt", "_id"))
            .returnDocument(ReturnDocument.BEFORE);
    return Optional.ofNullable(collection.findOneAndUpdate(claimable, claim, options))
        .map(MongoDeliveryRepository::fromDocument);
  }

  @Override
  public boolean recordAttempt(String deliveryId, String owner, Delivery updated) {
    Attempt last = updated.attempts().get(updated.attempts().size() - 1);
    Bson update =
        Updates.combine(
            Updates.push("attempts", toDocument(last)),
            Updates.set("status", updated.status().name()),
            Updates.set("nextAttemptAt", date(updated.nextAttemptAt())),
            Updates.set("finished", date(updated.finished())),
            Updates.set("leaseOwner", null),
            Updates.set("leaseUntil", null));
    return collection
            .updateOne(
                and(eq("_id", deliveryId), eq("leaseOwner", owner), eq("status", PENDING)), update)
            .getModifiedCount()
        == 1;
  }

  @Override
  public Optional<Delivery> find(String deliveryId) {
    return Optional.ofNullable(collection.find(eq("_id", deliveryId)).first())
        .map(MongoDeliveryRepository::fromDocument);
  }

  @Override
  public List<Delivery> findBySubject(String tenantId, String subjectId) {
    List<Delivery> out = new ArrayList<>();
    collection
        .find(and(eq("tenantId", tenantId), eq("subjectId", subjectId)))
        .sort(Sorts.ascending("created", "_id"))
        .forEach(doc -> out.add(fromDocument(doc)));
    return out;
  }

  @Override
  public List<Delivery> findByEndpoint(String tenantId, String endpointId, int offset, int limit) {
    List<Delivery> out = new ArrayList<>();
    collection
        .find(and(eq("tenantId", tenantId), eq("endpointId", endpointId)))
        .sort(Sorts.descending("created", "_id"))
        .skip(offset)
        .limit(limit)
        .forEach(doc -> out.add(fromDocument(doc)));
    return out;
  }

  @Override
  public Optional<Instant> nextDue() {
    return Optional.ofNullable(
            collection
                .find(eq("status", PENDING))
                .sort(Sorts.ascending("nextAttemptAt"))
                .limit(1)
                .first())
        .map(doc -> doc.getDate("nextAttemptAt").toInstant());
  }

  @Override
  public long deleteFinishedBefore(Instant before) {
    return collection
        .deleteMany(
            and(
                or(eq("status", "DELIVERED"), eq("status", "FAILED")),
                lt("finished", date(before))))
        .getDeletedCount();
  }

  private static Document toDocument(Delivery d) {
    return new Document("_id", d.deliveryId())
        .append("tenantId", d.tenantId())
        .append("kind", d.kind().name())
        .append("eventType", d.eventType())
        .append("subjectId", d.subjectId())
        .append("endpointId", d.endpointId())
        .append("target", d.target())
        .append("url", d.url())
        .append("headers", new Document(new LinkedHashMap<String, Object>(d.headers())))
        .append("body", d.body())
        .append("status", d.status().name())
        .append("created", date(d.created()))
        .append("nextAttemptAt", date(d.nextAttemptAt()))
        .append("finished", date(d.finished()))
        .append("attempts", d.attempts().stream().map(MongoDeliveryRepository::toDocument).toList())
        .append("requestId", d.requestId());
  }

  private static Document toDocument(Attempt a) {
    return new Document("number", a.number())
        .append("at", date(a.at()))
        .append("statusCode", a.statusCode())
        .append("error", a.error())
        .append("durationMillis", a.durationMillis());
  }

  private static Delivery fromDocument(Document doc) {
    List<Attempt> attempts = new ArrayList<>();
    for (Document a : doc.getList("attempts", Document.class, List.of())) {
      attempts.add(
          new Attempt(
              a.getInteger("number"),
              instant(a.getDate("at")),
              a.getInteger("statusCode"),
              a.getString("error"),
              ((Number) a.get("durationMillis")).longValue()));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Document h = doc.get("headers", Document.class);
    if (h != null) {
      h.forEach((k, v) -> headers.put(k, String.valueOf(v)));
    }
    return new Delivery(
        doc.getString("_id"),
        doc.getString("tenantId"),
        Delivery.Kind.valueOf(doc.getString("kind")),
        doc.getString("eventType"),
        doc.getString("subjectId"),
        doc.getString("endpointId"),
        doc.getString("target"),
        doc.getString("url"),
        headers,
        doc.getString("body"),
        Status.valueOf(doc.getString("status")),
        instant(doc.getDate("created")),
        instant(doc.getDate("nextAttemptAt")),
        instant(doc.getDate("finished")),
        attempts,
        doc.getString("requestId"));
  }

  static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
