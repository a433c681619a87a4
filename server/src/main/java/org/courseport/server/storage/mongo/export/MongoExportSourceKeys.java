package org.courseport.server.storage.mongo.export;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Clock;
import java.util.Optional;
import org.bson.Document;
import org.courseport.server.export.core.ExportSourceKeys;
import org.courseport.server.storage.mongo.support.DuplicateKeys;

/**
 * {@link ExportSourceKeys} on collection {@value #COLLECTION}: one document per tenant and source
 * key, {@code _id} {@code {tenantId}/{sourceKey}}, holding the plan key, the course and when it was
 * recorded. Inserted once; a concurrent insert of the same source key keeps the first.
 */
public final class MongoExportSourceKeys implements ExportSourceKeys {
  /** The collection of source keys. */
  public static final String COLLECTION = "courseExportSources";

  private static final String TENANT = "tenantId";
  private static final String COURSE = "courseId";
  private static final String PLAN_KEY = "planKey";

  private final MongoCollection<Document> sources;
  private final Clock clock;

  /** Uses the collection in {@code database} and creates its index. */
  public MongoExportSourceKeys(MongoDatabase database, Clock clock) {
    this.sources = database.getCollection(COLLECTION);
    this.clock = clock;
    sources.createIndex(Indexes.ascending(TENANT, COURSE), new IndexOptions().name("course"));
  }

  @Override
  public Optional<String> planKey(String tenantId, String sourceKey) {
    return Optional.ofNullable(sources.find(eq("_id", id(tenantId, sourceKey))).first())
        .map(d -> d.getString(PLAN_KEY));
  }

  @Override
  public void record(String tenantId, String sourceKey, String courseId, String planKey) {
    try {
      sources.insertOne(
          new Document("_id", id(tenantId, sourceKey))
              .append(TENANT, tenantId)
              .append("sourceKey", sourceKey)
              .append(COURSE, courseId)
              .append(PLAN_KEY, planKey)
              .append("created", date(clock.instant())));
    } catch (MongoException e) {
      if (!DuplicateKeys.isDuplicateKey(e)) {
        throw e;
      }
      // Recorded first by a concurrent export of the same source: that record stays.
    }
  }

  @Override
  public void forgetCourse(String tenantId, String courseId) {
    sources.deleteMany(and(eq(TENANT, tenantId), eq(COURSE, courseId)));
  }

  @Override
  public void forgetTenant(String tenantId) {
    sources.deleteMany(eq(TENANT, tenantId));
  }

  private static String id(String tenantId, String sourceKey) {
    return tenantId + "/" + sourceKey;
  }
}
