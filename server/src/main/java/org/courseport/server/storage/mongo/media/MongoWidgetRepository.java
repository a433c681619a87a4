package org.courseport.server.storage.mongo.media;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.courseport.server.domain.media.WidgetBundle;
import org.courseport.server.domain.media.WidgetRepository;
import org.courseport.server.storage.mongo.support.DocumentValues;

/**
 * {@link WidgetRepository} on MongoDB, collection {@code widgets}: {@code _id} (the lower-case
 * UUID), {@code tenantId}, {@code widgetType}, {@code scriptSha256}, {@code styleSha256} (absent
 * without CSS), {@code createdAt}.
 */
public final class MongoWidgetRepository implements WidgetRepository {
  public static final String COLLECTION = "widgets";

  private final MongoCollection<Document> collection;

  public MongoWidgetRepository(MongoDatabase database) {
    this.collection = database.getCollection(COLLECTION);
    collection.createIndex(Indexes.ascending("tenantId", "createdAt"));
  }

  @Override
  public void insert(WidgetBundle widget) {
    Document doc =
        new Document("_id", widget.id().toString())
            .append("tenantId", widget.tenantId())
            .append("widgetType", widget.widgetType())
            .append("scriptSha256", widget.scriptSha256());
    MongoMediaRepository.putIfPresent(doc, "styleSha256", widget.styleSha256());
    doc.append("createdAt", DocumentValues.date(widget.createdAt()));
    collection.insertOne(doc);
  }

  @Override
  public Optional<WidgetBundle> find(String tenantId, UUID id) {
    return Optional.ofNullable(
            collection.find(and(eq("_id", id.toString()), eq("tenantId", tenantId))).first())
        .map(MongoWidgetRepository::fromDocument);
  }

  @Override
  public List<WidgetBundle> list(String tenantId, int offset, int limit) {
    List<WidgetBundle> out = new ArrayList<>();
    collection
        .find(eq("tenantId", tenantId))
        .sort(Sorts.ascending("createdAt", "_id"))
        .skip(offset)
        .limit(limit)
        .forEach(doc -> out.add(fromDocument(doc)));
    return out;
  }

  @Override
  public boolean anyWithSha256(String sha256) {
    return collection.find(or(eq("scriptSha256", sha256), eq("styleSha256", sha256))).first()
        != null;
  }

  private static WidgetBundle fromDocument(Document doc) {
    return new WidgetBundle(
        UUID.fromString(doc.getString("_id")),
        doc.getString("tenantId"),
        doc.getString("widgetType"),
        doc.getString("scriptSha256"),
        doc.getString("styleSha256"),
        DocumentValues.instant(doc, "createdAt"));
  }

  @Override
  public boolean delete(String tenantId, UUID id) {
    return collection
            .deleteOne(and(eq("_id", id.toString()), eq("tenantId", tenantId)))
            .getDeletedCount()
        > 0;
  }
}
