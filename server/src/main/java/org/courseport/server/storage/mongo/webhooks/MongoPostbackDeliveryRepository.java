package org.courseport.server.storage.mongo.webhooks;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.courseport.server.domain.postback.PostbackDelivery;
import org.courseport.server.domain.postback.PostbackDelivery.Attempt;
import org.courseport.server.domain.postback.PostbackDelivery.Status;
import org.courseport.server.domain.postback.PostbackDeliveryRepository;

/**
 * {@link PostbackDeliveryRepository} on MongoDB, collection {@code postback_deliveries}: one
 * document per delivery with its attempts in an array ({@code $push}).
 */
public final class MongoPostbackDeliveryRepository implements PostbackDeliveryRepository {
  static final String COLLECTION = "postback_deliveries";

  private final MongoCollection<Document> collection;

  public MongoPostbackDeliveryRepository(MongoDatabase database) {
    this.collection = database.getCollection(COLLECTION);
    collection.createIndex(Indexes.ascending("tenantId", "jobId"));
  }

  @Override
  public void insert(PostbackDelivery d) {
    List<Document> attempts =
        d.attempts().stream().map(MongoPostbackDeliveryRepository::toDocument).toList();
    collection.insertOne(
        new Document("_id", d.deliveryId())
            .append("tenantId", d.tenantId())
            .append("jobId", d.jobId())
            .append("url", d.url())
            .append("status", d.status().name())
            .append("created", date(d.created()))
            .append("finished", date(d.finished()))
            .append("attempts", attempts));
  }

  @Override
  public void addAttempt(String deliveryId, Attempt attempt) {
    collection.updateOne(eq("_id", deliveryId), Updates.push("attempts", toDocument(attempt)));
  }

  @Override
  public void finish(String deliveryId, Status status, Instant at) {
    collection.updateOne(
        eq("_id", deliveryId),
        Updates.combine(Updates.set("status", status.name()), Updates.set("finished", date(at))));
  }

  @Override
  public Optional<PostbackDelivery> find(String deliveryId) {
    return Optional.ofNullable(collection.find(eq("_id", deliveryId)).first())
        .map(MongoPostbackDeliveryRepository::fromDocument);
  }

  @Override
  public List<PostbackDelivery> findByJob(String tenantId, String jobId) {
    List<PostbackDelivery> out = new ArrayList<>();
    collection
        .find(and(eq("tenantId", tenantId), eq("jobId", jobId)))
        .sort(Sorts.ascending("created"))
        .forEach(doc -> out.add(fromDocument(doc)));
    return out;
  }

  @Override
  public long deleteCreatedBefore(Instant before) {
    return collection.deleteMany(lt("created", date(before))).getDeletedCount();
  }

  private static Document toDocument(Attempt a) {
    return new Document("number", a.number())
        .append("at", date(a.at()))
        .append("statusCode", a.statusCode())
        .append("error", a.error())
        .append("durationMillis", a.durationMillis());
  }

  private static PostbackDelivery fromDocument(Document doc) {
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
    return new PostbackDelivery(
        doc.getString("_id"),
        doc.getString("tenantId"),
        doc.getString("jobId"),
        doc.getString("url"),
        Status.valueOf(doc.getString("status")),
        instant(doc.getDate("created")),
        instant(doc.getDate("finished")),
        attempts);
  }

  private static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
