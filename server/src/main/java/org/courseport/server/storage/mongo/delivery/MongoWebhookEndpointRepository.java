package org.courseport.server.storage.mongo.delivery;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.delivery.WebhookEndpoint;
import org.courseport.server.domain.delivery.WebhookEndpointRepository;

/**
 * {@link WebhookEndpointRepository} on MongoDB, collection {@code webhook_endpoints}; the signing
 * secret is stored sealed by {@link SecretSealer}, never in clear.
 */
public final class MongoWebhookEndpointRepository implements WebhookEndpointRepository {
  static final String COLLECTION = "webhook_endpoints";

  private final MongoCollection<Document> collection;
  private final SecretSealer sealer;

  public MongoWebhookEndpointRepository(MongoDatabase database, SecretSealer sealer) {
    this.collection = database.getCollection(COLLECTION);
    this.sealer = sealer;
    collection.createIndex(Indexes.ascending("tenantId", "created"));
  }

  @Override
  public void insert(WebhookEndpoint e) {
    collection.insertOne(
        new Document("_id", e.endpointId())
            .append("tenantId", e.tenantId())
            .append("url", e.url())
            .append("events", e.events())
            .append("secret", sealer.seal(e.secret(), e.endpointId()))
            .append("created", MongoDeliveryRepository.date(e.created())));
  }

  @Override
  public Optional<WebhookEndpoint> find(String tenantId, String endpointId) {
    return Optional.ofNullable(collection.find(owned(tenantId, endpointId)).first())
        .map(this::fromDocument);
  }

  @Override
  public List<WebhookEndpoint> list(String tenantId, int offset, int limit) {
    List<WebhookEndpoint> out = new ArrayList<>();
    collection
        .find(eq("tenantId", tenantId))
        .sort(Sorts.ascending("created", "_id"))
        .skip(offset)
        .limit(limit)
        .forEach(doc -> out.add(fromDocument(doc)));
    return out;
  }

  @Override
  public List<WebhookEndpoint> subscribedTo(String tenantId, String eventType) {
    List<WebhookEndpoint> out = new ArrayList<>();
    collection
        .find(and(eq("tenantId", tenantId), eq("events", eventType)))
        .sort(Sorts.ascending("created", "_id"))
        .forEach(doc -> out.add(fromDocument(doc)));
    return out;
  }

  @Override
  public boolean delete(String tenantId, String endpointId) {
    return collection.deleteOne(owned(tenantId, endpointId)).getDeletedCount() == 1;
  }

  private static Bson owned(String tenantId, String endpointId) {
    return and(eq("_id", endpointId), eq("tenantId", tenantId));
  }

  private WebhookEndpoint fromDocument(Document doc) {
    String id = doc.getString("_id");
    return new WebhookEndpoint(
        id,
        doc.getString("tenantId"),
        doc.getString("url"),
        doc.getList("events", String.class, List.of()),
        sealer.open(doc.getString("secret"), id),
        MongoDeliveryRepository.instant(doc.getDate("created")));
  }
}
