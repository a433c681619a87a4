package org.courseport.server.storage.mongo.export;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.size;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;
import static org.courseport.server.storage.mongo.support.DocumentValues.longValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.strings;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.core.ExportBuilds;
import org.courseport.server.storage.mongo.support.DuplicateKeys;

/**
 * {@link ExportBuilds} on collection {@value #COLLECTION}: one document per tenant and plan key,
 * {@code _id} {@code {tenantId}/{key}} (unique in every MongoDB, and backed by a unique index on
 * {@code (tenantId, key)}), with the list of courses it served in {@code courseIds}. Every change
 * is one conditional single-document update; concurrent equal builds meet at the unique {@code _id}
 * and keep the first.
 */
public final class MongoExportBuilds implements ExportBuilds {
  /** The collection of export builds. */
  public static final String COLLECTION = "courseExportBuilds";

  private static final String TENANT = "tenantId";
  private static final String KEY = "key";
  private static final String BLOB = "blobId";
  private static final String COURSES = "courseIds";

  private final MongoCollection<Document> builds;

  /** Uses the collection in {@code database} and creates its indexes. */
  public MongoExportBuilds(MongoDatabase database) {
    this.builds = database.getCollection(COLLECTION);
    builds.createIndex(
        Indexes.ascending(TENANT, KEY), new IndexOptions().unique(true).name("tenantId_key"));
    builds.createIndex(Indexes.ascending(TENANT, COURSES), new IndexOptions().name("courses"));
    builds.createIndex(Indexes.ascending(BLOB), new IndexOptions().name("blobId"));
  }

  @Override
  public Optional<Build> find(String tenantId, String key) {
    return Optional.ofNullable(builds.find(eq("_id", id(tenantId, key))).first())
        .map(MongoExportBuilds::fromDocument);
  }

  @Override
  public Build record(Build build) {
    try {
      builds.insertOne(toDocument(build));
      return build;
    } catch (MongoException e) {
      if (!DuplicateKeys.isDuplicateKey(e)) {
        throw e;
      }
    }
    // An equal build was stored first: it stays, and now also serves these courses.
    String id = id(build.tenantId(), build.key());
    builds.updateOne(eq("_id", id), Updates.addEachToSet(COURSES, build.courseIds()));
    Document kept = builds.find(eq("_id", id)).first();
    return kept == null ? build : fromDocument(kept);
  }

  @Override
  public boolean attach(String tenantId, String key, String courseId) {
    return builds
            .updateOne(eq("_id", id(tenantId, key)), Updates.addToSet(COURSES, courseId))
            .getMatchedCount()
        > 0;
  }

  @Override
  public List<Build> detachCourse(String tenantId, String courseId) {
    List<String> ids = new ArrayList<>();
    builds
        .find(and(eq(TENANT, tenantId), eq(COURSES, courseId)))
        .projection(Projections.include("_id"))
        .forEach(d -> ids.add(d.getString("_id")));
    List<Build> deleted = new ArrayList<>();
    for (String id : ids) {
      builds.updateOne(and(eq("_id", id), eq(COURSES, courseId)), Updates.pull(COURSES, courseId));
      // Deleted only while no course lists it: an export attaching meanwhile keeps it.
      Document gone = builds.findOneAndDelete(and(eq("_id", id), size(COURSES, 0)));
      if (gone != null) {
        deleted.add(fromDocument(gone));
      }
    }
    return deleted;
  }

  @Override
  public boolean isBlobReferenced(String blobId) {
    return builds.find(eq(BLOB, blobId)).projection(Projections.include("_id")).first() != null;
  }

  private static String id(String tenantId, String key) {
    return tenantId + "/" + key;
  }

  private static Document toDocument(Build b) {
    return new Document("_id", id(b.tenantId(), b.key()))
        .append(TENANT, b.tenantId())
        .append(KEY, b.key())
        .append(BLOB, b.blobId())
        .append("sha256", b.sha256())
        .append("size", b.size())
        .append("fileName", b.fileName())
        .append("format", b.format().name())
        .append("builtAt", date(b.builtAt()))
        .append(COURSES, b.courseIds());
  }

  private static Build fromDocument(Document d) {
    return new Build(
        d.getString(TENANT),
        d.getString(KEY),
        d.getString(BLOB),
        d.getString("sha256"),
        longValue(d, "size"),
        d.getString("fileName"),
        ExportFormat.valueOf(d.getString("format")),
        instant(d, "builtAt"),
        strings(d, COURSES));
  }
}
