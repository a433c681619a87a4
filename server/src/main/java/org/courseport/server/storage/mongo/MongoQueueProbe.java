package org.courseport.server.storage.mongo;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.util.Date;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.metrics.QueueGauges;

/**
 * The queue gauges' queries: per queue a count and the oldest {@code created} of the documents
 * still waiting or running (import jobs RUNNING, deliveries PENDING, content exports CREATED or
 * EXPORTING).
 */
public final class MongoQueueProbe implements QueueGauges.Probe {

  private final MongoDatabase database;

  public MongoQueueProbe(MongoDatabase database) {
    this.database = database;
  }

  @Override
  public Map<String, QueueGauges.Snapshot> read() {
    return Map.of(
        QueueGauges.IMPORTS,
        snapshot(MongoStore.IMPORT_JOBS, eq("status", "RUNNING")),
        QueueGauges.DELIVERIES,
        snapshot("deliveries", eq("status", "PENDING")),
        QueueGauges.CONTENT_EXPORTS,
        snapshot("contentExports", in("state", "CREATED", "EXPORTING")));
  }

  private QueueGauges.Snapshot snapshot(String collectionName, Bson waiting) {
    MongoCollection<Document> collection = database.getCollection(collectionName);
    long depth = collection.countDocuments(waiting);
    if (depth == 0) {
      return new QueueGauges.Snapshot(0, null);
    }
    Document oldest =
        collection
            .find(waiting)
            .projection(Projections.include("created"))
            .sort(Sorts.ascending("created"))
            .limit(1)
            .first();
    Date created = oldest == null ? null : oldest.getDate("created");
    return new QueueGauges.Snapshot(depth, created == null ? null : created.toInstant());
  }
}
