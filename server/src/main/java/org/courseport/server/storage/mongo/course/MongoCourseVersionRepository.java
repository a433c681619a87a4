package org.courseport.server.storage.mongo.course;

import static org.courseport.server.storage.mongo.course.CourseVersionMapper.BLOB_ID;
import static org.courseport.server.storage.mongo.course.CourseVersionMapper.COURSE_ID;
import static org.courseport.server.storage.mongo.course.CourseVersionMapper.TENANT_ID;
import static org.courseport.server.storage.mongo.course.CourseVersionMapper.TITLE;
import static org.courseport.server.storage.mongo.course.CourseVersionMapper.UPDATED;
import static org.courseport.server.storage.mongo.course.CourseVersionMapper.VERSION;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.course.CourseChanges;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.course.CourseVersionRepository;
import org.courseport.server.storage.mongo.support.DuplicateKeys;

/** {@link CourseVersionRepository} on the {@code courseVersions} collection. */
public final class MongoCourseVersionRepository implements CourseVersionRepository {
  /** The import job that recorded a version (so that its retry or clean-up finds its own). */
  private static final String JOB_ID = "jobId";

  private final MongoCollection<Document> versions;
  private final CourseChanges changes;

  public MongoCourseVersionRepository(MongoCollection<Document> versions) {
    this(versions, CourseChanges.NONE);
  }

  /**
   * @param changes told after every write of a version, before the write returns ({@link
   *     CourseChanges#after}): each public write method runs its {@code …Unannounced} twin through
   *     it
   */
  public MongoCourseVersionRepository(MongoCollection<Document> versions, CourseChanges changes) {
    this.versions = versions;
    this.changes = changes;
  }

  public void createIndexes() {
    versions.createIndex(
        Indexes.ascending(TENANT_ID, COURSE_ID, VERSION),
        new IndexOptions().unique(true).name("tenantId_courseId_version_unique"));
    versions.createIndex(Indexes.ascending(BLOB_ID), new IndexOptions().name("blobId"));
  }

  @Override
  public void insert(CourseVersion version) {
    CourseChanges.run(changes, version.tenantId(), () -> insertUnannounced(version));
  }

  private void insertUnannounced(CourseVersion version) {
    DuplicateKeys.insert(
        () -> versions.insertOne(CourseVersionMapper.toDocument(version)),
        "VERSION_EXISTS",
        "version " + version.version() + " of course '" + version.courseId() + "' already exists");
  }

  @Override
  public void record(CourseVersion version, String jobId) {
    CourseChanges.run(changes, version.tenantId(), () -> recordUnannounced(version, jobId));
  }

  private void recordUnannounced(CourseVersion version, String jobId) {
    Document owned =
        new Document(TENANT_ID, version.tenantId())
            .append(COURSE_ID, version.courseId())
            .append(VERSION, version.version())
            .append(JOB_ID, jobId);
    Document doc = CourseVersionMapper.toDocument(version).append(JOB_ID, jobId);
    DuplicateKeys.insert(
        () -> versions.replaceOne(owned, doc, new ReplaceOptions().upsert(true)),
        "VERSION_EXISTS",
        "version " + version.version() + " of course '" + version.courseId() + "' already exists");
  }

  @Override
  public boolean deleteRecorded(String tenantId, String courseId, int version, String jobId) {
    return CourseChanges.after(
        changes, tenantId, () -> deleteRecordedUnannounced(tenantId, courseId, version, jobId));
  }

  private boolean deleteRecordedUnannounced(
      String tenantId, String courseId, int version, String jobId) {
    Bson filter =
        Filters.and(
            course(tenantId, courseId), Filters.eq(VERSION, version), Filters.eq(JOB_ID, jobId));
    return versions.deleteOne(filter).getDeletedCount() > 0;
  }

  @Override
  public Optional<CourseVersion> find(String tenantId, String courseId, int version) {
    return Optional.ofNullable(versions.find(key(tenantId, courseId, version)).first())
        .map(CourseVersionMapper::fromDocument);
  }

  @Override
  public Map<String, CourseVersion> findEach(
      String tenantId, Map<String, Integer> versionByCourse) {
    Map<String, CourseVersion> found = new HashMap<>();
    if (versionByCourse.isEmpty()) {
      return found;
    }
    // The whole result in the first reply (the server's default first batch holds 101 documents).
    versions
        .find(keys(tenantId, versionByCourse))
        .batchSize(versionByCourse.size())
        .map(CourseVersionMapper::fromDocument)
        .forEach(v -> found.put(v.courseId(), v));
    return found;
  }

  @Override
  public List<CourseVersion> list(String tenantId, String courseId) {
    return versions
        .find(course(tenantId, courseId))
        .sort(Sorts.ascending(VERSION))
        .map(CourseVersionMapper::fromDocument)
        .into(new ArrayList<>());
  }

  @Override
  public void setTitle(String tenantId, String courseId, String title, Instant at) {
    CourseChanges.run(changes, tenantId, () -> setTitleUnannounced(tenantId, courseId, title, at));
  }

  private void setTitleUnannounced(String tenantId, String courseId, String title, Instant at) {
    versions.updateMany(
        course(tenantId, courseId),
        Updates.combine(Updates.set(TITLE, title), Updates.set(UPDATED, date(at))));
  }

  @Override
  public boolean delete(String tenantId, String courseId, int version) {
    return CourseChanges.after(
        changes, tenantId, () -> deleteUnannounced(tenantId, courseId, version));
  }

  private boolean deleteUnannounced(String tenantId, String courseId, int version) {
    Bson filter = Filters.and(course(tenantId, courseId), Filters.eq(VERSION, version));
    return versions.deleteOne(filter).getDeletedCount() > 0;
  }

  @Override
  public List<String> deleteAll(String tenantId, String courseId, int belowVersion) {
    return CourseChanges.after(
        changes, tenantId, () -> deleteAllUnannounced(tenantId, courseId, belowVersion));
  }

  private List<String> deleteAllUnannounced(String tenantId, String courseId, int belowVersion) {
    Bson filter = Filters.and(course(tenantId, courseId), Filters.lt(VERSION, belowVersion));
    Set<String> blobIds = new LinkedHashSet<>();
    versions
        .find(filter)
        .projection(Projections.include(BLOB_ID))
        .forEach(doc -> addIfPresent(blobIds, doc.getString(BLOB_ID)));
    versions.deleteMany(filter);
    return List.copyOf(blobIds);
  }

  @Override
  public boolean isBlobReferenced(String blobId) {
    return versions.find(Filters.eq(BLOB_ID, blobId)).limit(1).first() != null;
  }

  private static void addIfPresent(Set<String> ids, String id) {
    if (id != null) {
      ids.add(id);
    }
  }

  /**
   * One version's key as a plain equality document on exactly the unique index's fields, which the
   * embedded store answers from that index (it scans every version for an {@code $and}).
   */
  static Bson key(String tenantId, String courseId, int version) {
    return new Document(TENANT_ID, tenantId).append(COURSE_ID, courseId).append(VERSION, version);
  }

  /**
   * Several versions' keys: an {@code $or} of {@link #key} equalities, each clause on exactly the
   * unique index's fields (real MongoDB answers every clause from that index).
   */
  static Bson keys(String tenantId, Map<String, Integer> versionByCourse) {
    List<Bson> clauses = new ArrayList<>(versionByCourse.size());
    versionByCourse.forEach((courseId, version) -> clauses.add(key(tenantId, courseId, version)));
    return clauses.size() == 1 ? clauses.get(0) : Filters.or(clauses);
  }

  private static Bson course(String tenantId, String courseId) {
    return Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(COURSE_ID, courseId));
  }
}
