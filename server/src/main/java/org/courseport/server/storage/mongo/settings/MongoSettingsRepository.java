package org.courseport.server.storage.mongo.settings;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.settings.SettingLevel;
import org.courseport.server.domain.settings.SettingScope;
import org.courseport.server.domain.settings.SettingsRepository;

/**
 * {@link SettingsRepository} on MongoDB: one document per scope in collection {@code settings},
 * keyed by a compound {@code _id} {tenantId, level, courseId, version}, with the values in a {@code
 * values} sub-document. Every write is a single-document update.
 */
public final class MongoSettingsRepository implements SettingsRepository {
  static final String COLLECTION = "settings";

  private final MongoCollection<Document> collection;
  private final Clock clock;

  public MongoSettingsRepository(MongoDatabase database, Clock clock) {
    this.collection = database.getCollection(COLLECTION);
    this.clock = clock;
    collection.createIndex(Indexes.ascending("tenantId", "courseId"));
  }

  public MongoSettingsRepository(MongoDatabase database) {
    this(database, Clock.systemUTC());
  }

  @Override
  public Map<String, String> find(SettingScope scope) {
    Document doc = collection.find(eq("_id", id(scope))).first();
    Map<String, String> values = new LinkedHashMap<>();
    if (doc != null && doc.get("values") instanceof Document stored) {
      stored.forEach((k, v) -> values.put(k, String.valueOf(v)));
    }
    return values;
  }

  @Override
  public void set(SettingScope scope, Map<String, String> values) {
    if (values.isEmpty()) {
      return;
    }
    List<Bson> updates = new ArrayList<>();
    values.forEach((k, v) -> updates.add(Updates.set("values." + field(k), v)));
    updates.add(Updates.set("updated", clock.instant()));
    updates.add(Updates.setOnInsert("tenantId", scope.tenantId()));
    updates.add(Updates.setOnInsert("level", scope.level().name()));
    updates.add(Updates.setOnInsert("courseId", scope.courseId()));
    updates.add(Updates.setOnInsert("version", scope.version()));
    Bson update = Updates.combine(updates);
    UpdateOptions upsert = new UpdateOptions().upsert(true);
    try {
      collection.updateOne(eq("_id", id(scope)), update, upsert);
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      // A concurrent first write created the document; this update now matches it.
      collection.updateOne(eq("_id", id(scope)), update, upsert);
    }
  }

  @Override
  public boolean unset(SettingScope scope, String settingId) {
    String path = "values." + field(settingId);
    Document before =
        collection.findOneAndUpdate(
            and(eq("_id", id(scope)), exists(path)),
            Updates.combine(Updates.unset(path), Updates.set("updated", clock.instant())));
    return before != null;
  }

  @Override
  public long deleteByCourse(String tenantId, String courseId) {
    return collection
        .deleteMany(and(eq("tenantId", tenantId), eq("courseId", courseId)))
        .getDeletedCount();
  }

  @Override
  public long deleteByVersion(String tenantId, String courseId, int version) {
    return collection
        .deleteMany(
            and(
                eq("tenantId", tenantId),
                eq("courseId", courseId),
                eq("level", SettingLevel.VERSION.name()),
                eq("version", version)))
        .getDeletedCount();
  }

  @Override
  public long deleteByTenant(String tenantId) {
    return collection.deleteMany(eq("tenantId", tenantId)).getDeletedCount();
  }

  private static Document id(SettingScope scope) {
    return new Document("tenantId", scope.tenantId())
        .append("level", scope.level().name())
        .append("courseId", scope.courseId())
        .append("version", scope.version());
  }

  private static String field(String settingId) {
    if (settingId.isEmpty() || settingId.contains(".") || settingId.startsWith("$")) {
      throw new IllegalArgumentException("setting id cannot be a field name: " + settingId);
    }
    return settingId;
  }
}
