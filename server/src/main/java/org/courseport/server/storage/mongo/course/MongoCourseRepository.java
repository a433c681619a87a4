package org.courseport.server.storage.mongo.course;

import static org.courseport.server.storage.mongo.course.CourseMapper.COURSE_ID;
import static org.courseport.server.storage.mongo.course.CourseMapper.CREATED;
import static org.courseport.server.storage.mongo.course.CourseMapper.GENERATION;
import static org.courseport.server.storage.mongo.course.CourseMapper.LATEST;
import static org.courseport.server.storage.mongo.course.CourseMapper.LATEST_VERSION;
import static org.courseport.server.storage.mongo.course.CourseMapper.NEXT_VERSION;
import static org.courseport.server.storage.mongo.course.CourseMapper.PENDING_JOBS;
import static org.courseport.server.storage.mongo.course.CourseMapper.PURGING;
import static org.courseport.server.storage.mongo.course.CourseMapper.TAGS;
import static org.courseport.server.storage.mongo.course.CourseMapper.TENANT_ID;
import static org.courseport.server.storage.mongo.course.CourseMapper.TITLE;
import static org.courseport.server.storage.mongo.course.CourseMapper.TITLE_KEY;
import static org.courseport.server.storage.mongo.course.CourseMapper.UPDATED;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.course.CommitOutcome;
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.course.CourseChanges;
import org.courseport.server.domain.course.CourseQuery;
import org.courseport.server.domain.course.CourseRepository;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.course.VersionReservation;
import org.courseport.server.storage.mongo.support.DocumentValues;
import org.courseport.server.storage.mongo.support.DuplicateKeys;

/**
 * {@link CourseRepository} on the {@code courses} collection. With the {@code courseVersions}
 * collection it keeps a copy of the latest version on each course record ({@link
 * CourseMapper#LATEST}), set by the same conditional update that moves latestVersion, so that the
 * latest view of a course is one read ({@link #findWithLatest}); without it, every update that
 * moves latestVersion removes the copy.
 */
public final class MongoCourseRepository implements CourseRepository {
  /** Leaves the latest version's copy out of every read but {@link #findWithLatest}. */
  private static final Bson WITHOUT_LATEST = Projections.exclude(LATEST);

  /**
   * The fields of a course record that no reader of the latest view maps: the import jobs pending
   * on the course (one id per running import) and the lower-cased title (the sort key of listings).
   */
  private static final Bson WITHOUT_BOOKKEEPING = Projections.exclude(PENDING_JOBS, TITLE_KEY);

  /** {@link #WITHOUT_BOOKKEEPING} and the validation report of the latest version's copy. */
  private static final Bson WITHOUT_BOOKKEEPING_AND_REPORT =
      Projections.exclude(PENDING_JOBS, TITLE_KEY, LATEST + "." + CourseVersionMapper.REPORT);

  private final MongoCollection<Document> courses;
  private final MongoCollection<Document> versions;
  private final CourseChanges changes;

  /** A repository that keeps no copy of the latest version (every read of it is a second read). */
  public MongoCourseRepository(MongoCollection<Document> courses) {
    this(courses, null);
  }

  /**
   * @param versions the {@code courseVersions} collection, read for the copy of the version that an
   *     update makes the latest; null keeps no copy
   */
  public MongoCourseRepository(
      MongoCollection<Document> courses, MongoCollection<Document> versions) {
    this(courses, versions, CourseChanges.NONE);
  }

  /**
   * @param changes told after every write of a course record, before the write returns ({@link
   *     CourseChanges#after}): each public write method runs its {@code …Unannounced} twin through
   *     it
   */
  public MongoCourseRepository(
      MongoCollection<Document> courses,
      MongoCollection<Document> versions,
      CourseChanges changes) {
    this.courses = courses;
    this.versions = versions;
    this.changes = changes;
  }

  public void createIndexes() {
    courses.createIndex(
        Indexes.ascending(TENANT_ID, COURSE_ID),
        new IndexOptions().unique(true).name("tenantId_courseId_unique"));
  }

  @Override
  public void insert(Course course) {
    CourseChanges.run(changes, course.tenantId(), () -> insertUnannounced(course));
  }

  private void insertUnannounced(Course course) {
    DuplicateKeys.insert(
        () -> courses.insertOne(CourseMapper.toDocument(course)),
        "COURSE_EXISTS",
        "course '" + course.courseId() + "' already exists");
  }

  @Override
  public Optional<Course> find(String tenantId, String courseId) {
    return Optional.ofNullable(
            courses.find(key(tenantId, courseId)).projection(WITHOUT_LATEST).first())
        .map(CourseMapper::fromDocument);
  }

  @Override
  public Optional<WithLatest> findWithLatest(String tenantId, String courseId) {
    return findWithLatest(tenantId, courseId, WITHOUT_BOOKKEEPING);
  }

  /**
   * Leaves the validation report of the latest version's copy out too: the largest part of a
   * version that the course schema does not show (a finding per problem the import noticed).
   */
  @Override
  public Optional<WithLatest> findWithLatestWithoutReport(String tenantId, String courseId) {
    return findWithLatest(tenantId, courseId, WITHOUT_BOOKKEEPING_AND_REPORT);
  }

  private Optional<WithLatest> findWithLatest(String tenantId, String courseId, Bson projection) {
    Document doc = courses.find(key(tenantId, courseId)).projection(projection).first();
    if (doc == null) {
      return Optional.empty();
    }
    Course course = CourseMapper.fromDocument(doc);
    return Optional.of(new WithLatest(course, latestCopy(doc, course)));
  }

  /**
   * The record's copy of its latest version, or null when it has none that is whole and of the
   * record's latestVersion (written before the copy existed, by a repository keeping none, or only
   * partly by a title change).
   */
  private static CourseVersion latestCopy(Document doc, Course course) {
    Document copy = doc.get(LATEST, Document.class);
    if (copy == null
        || !(copy.get(CourseVersionMapper.VERSION) instanceof Number n)
        || n.intValue() != course.latestVersion()
        || copy.getString(CourseVersionMapper.BLOB_ID) == null
        || copy.get("description") == null) {
      return null;
    }
    return CourseVersionMapper.fromDocument(copy);
  }

  /**
   * The update that sets (or, without a stored version, removes) the copy of {@code version} on the
   * course record, to go in the same update that makes it the latest.
   */
  private Bson latestUpdate(String tenantId, String courseId, int version) {
    if (versions == null) {
      return Updates.unset(LATEST);
    }
    Document stored =
        versions
            .find(MongoCourseVersionRepository.key(tenantId, courseId, version))
            .projection(Projections.exclude("_id", "jobId"))
            .first();
    return stored == null ? Updates.unset(LATEST) : Updates.set(LATEST, stored);
  }

  @Override
  public VersionReservation reserveVersion(
      String tenantId, String courseId, String jobId, Instant at) {
    return CourseChanges.after(
        changes, tenantId, () -> reserveVersionUnannounced(tenantId, courseId, jobId, at));
  }

  private VersionReservation reserveVersionUnannounced(
      String tenantId, String courseId, String jobId, Instant at) {
    Bson update =
        Updates.combine(Updates.inc(NEXT_VERSION, 1), Updates.addToSet(PENDING_JOBS, jobId));
    // BEFORE: mongo-java-server may serialize an AFTER document that a concurrent update has
    // already changed again, handing out one number twice.
    FindOneAndUpdateOptions options =
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE);
    // No upsert: the placeholder is inserted on its own (the unique index keeps one), then
    // reserved from like any course.
    for (int attempt = 1; ; attempt++) {
      Document before = courses.findOneAndUpdate(key(tenantId, courseId), update, options);
      if (before != null) {
        Object generation = before.get(GENERATION);
        return new VersionReservation(
            DocumentValues.intValue(before, NEXT_VERSION),
            generation instanceof Number n ? n.longValue() : 0L);
      }
      if (attempt == 5) {
        throw new IllegalStateException("course " + courseId + " keeps vanishing");
      }
      insertPlaceholder(tenantId, courseId, at);
    }
  }

  private void insertPlaceholder(String tenantId, String courseId, Instant at) {
    Document placeholder =
        new Document(TENANT_ID, tenantId)
            .append(COURSE_ID, courseId)
            .append(TITLE, "")
            .append(TITLE_KEY, "")
            .append(TAGS, List.of())
            .append(CREATED, date(at))
            .append(UPDATED, date(at))
            .append(LATEST_VERSION, -1)
            .append(NEXT_VERSION, 0)
            .append(GENERATION, 0L)
            .append(PENDING_JOBS, List.of());
    try {
      courses.insertOne(placeholder);
    } catch (MongoException e) {
      if (!DuplicateKeys.isDuplicateKey(e)) {
        throw e;
      }
    }
  }

  @Override
  public CommitOutcome commitVersion(
      String tenantId,
      String courseId,
      VersionReservation reservation,
      String title,
      boolean firstOnly,
      Instant at) {
    return CourseChanges.after(
        changes,
        tenantId,
        () -> commitVersionUnannounced(tenantId, courseId, reservation, title, firstOnly, at));
  }

  private CommitOutcome commitVersionUnannounced(
      String tenantId,
      String courseId,
      VersionReservation reservation,
      String title,
      boolean firstOnly,
      Instant at) {
    int version = reservation.version();
    Bson mine = Filters.and(key(tenantId, courseId), generationIs(reservation.generation()));
    Bson copy = latestUpdate(tenantId, courseId, version);
    Bson first =
        Updates.combine(
            Updates.set(LATEST_VERSION, version),
            copy,
            titleUpdate(title),
            Updates.set(CREATED, date(at)),
            Updates.set(UPDATED, date(at)));
    if (courses
            .updateOne(Filters.and(mine, Filters.eq(LATEST_VERSION, -1)), first)
            .getMatchedCount()
        > 0) {
      return CommitOutcome.COMMITTED;
    }
    if (firstOnly) {
      Document current = courses.find(mine).projection(WITHOUT_LATEST).first();
      if (current == null) {
        return CommitOutcome.COURSE_DELETED;
      }
      // A retry of the import that committed first finds its own version there.
      return DocumentValues.intValue(current, LATEST_VERSION) == version
          ? CommitOutcome.COMMITTED
          : CommitOutcome.COURSE_EXISTS;
    }
    // The title follows the highest version: an import that finishes after a newer one must not
    // overwrite the newer title, nor become the latest.
    Bson raise =
        Updates.combine(
            Updates.set(LATEST_VERSION, version),
            copy,
            titleUpdate(title),
            Updates.set(UPDATED, date(at)));
    if (courses
            .updateOne(Filters.and(mine, Filters.lte(LATEST_VERSION, version)), raise)
            .getMatchedCount()
        > 0) {
      return CommitOutcome.COMMITTED;
    }
    return courses.updateOne(mine, Updates.set(UPDATED, date(at))).getMatchedCount() > 0
        ? CommitOutcome.COMMITTED
        : CommitOutcome.COURSE_DELETED;
  }

  @Override
  public void importEnded(String tenantId, String courseId, String jobId) {
    CourseChanges.run(changes, tenantId, () -> importEndedUnannounced(tenantId, courseId, jobId));
  }

  private void importEndedUnannounced(String tenantId, String courseId, String jobId) {
    courses.updateOne(key(tenantId, courseId), Updates.pull(PENDING_JOBS, jobId));
    // Whichever job pulls last sees the empty set; a new reservation refills it atomically.
    deleteIfDisposable(tenantId, courseId);
  }

  @Override
  public void purged(String tenantId, String courseId) {
    CourseChanges.run(changes, tenantId, () -> purgedUnannounced(tenantId, courseId));
  }

  private void purgedUnannounced(String tenantId, String courseId) {
    courses.updateOne(
        Filters.and(key(tenantId, courseId), Filters.eq(LATEST_VERSION, -1)),
        Updates.unset(PURGING));
    deleteIfDisposable(tenantId, courseId);
  }

  /** Deletes an invisible record that no import is pending on and no delete is purging. */
  private void deleteIfDisposable(String tenantId, String courseId) {
    courses.deleteOne(
        Filters.and(
            key(tenantId, courseId),
            Filters.eq(LATEST_VERSION, -1),
            Filters.ne(PURGING, true),
            Filters.or(Filters.size(PENDING_JOBS, 0), Filters.exists(PENDING_JOBS, false))));
  }

  @Override
  public boolean lowerLatestVersion(
      String tenantId, String courseId, int from, int to, String title, Instant at) {
    return CourseChanges.after(
        changes,
        tenantId,
        () -> lowerLatestVersionUnannounced(tenantId, courseId, from, to, title, at));
  }

  private boolean lowerLatestVersionUnannounced(
      String tenantId, String courseId, int from, int to, String title, Instant at) {
    Bson filter = Filters.and(key(tenantId, courseId), Filters.eq(LATEST_VERSION, from));
    Bson update =
        Updates.combine(
            Updates.set(LATEST_VERSION, to),
            latestUpdate(tenantId, courseId, to),
            titleUpdate(title),
            Updates.set(UPDATED, date(at)));
    return courses.updateOne(filter, update).getMatchedCount() > 0;
  }

  @Override
  public boolean setTitle(String tenantId, String courseId, String title, Instant at) {
    return CourseChanges.after(
        changes, tenantId, () -> setTitleUnannounced(tenantId, courseId, title, at));
  }

  private boolean setTitleUnannounced(String tenantId, String courseId, String title, Instant at) {
    // The copy of the latest version follows the versions' title change (CourseCatalog.setTitle
    // changes the versions first); on a record without a copy this leaves a partial one, which
    // findWithLatest does not use.
    return update(
        tenantId,
        courseId,
        Updates.combine(
            titleUpdate(title),
            Updates.set(LATEST + "." + CourseVersionMapper.TITLE, title),
            Updates.set(LATEST + "." + CourseVersionMapper.UPDATED, date(at))),
        at);
  }

  @Override
  public boolean replaceTags(String tenantId, String courseId, List<String> tags, Instant at) {
    return CourseChanges.after(
        changes, tenantId, () -> replaceTagsUnannounced(tenantId, courseId, tags, at));
  }

  private boolean replaceTagsUnannounced(
      String tenantId, String courseId, List<String> tags, Instant at) {
    return update(tenantId, courseId, Updates.set(TAGS, CourseMapper.distinct(tags)), at);
  }

  @Override
  public boolean addTags(String tenantId, String courseId, Collection<String> tags, Instant at) {
    return CourseChanges.after(
        changes, tenantId, () -> addTagsUnannounced(tenantId, courseId, tags, at));
  }

  private boolean addTagsUnannounced(
      String tenantId, String courseId, Collection<String> tags, Instant at) {
    List<String> added = CourseMapper.distinct(List.copyOf(tags));
    return update(tenantId, courseId, Updates.addEachToSet(TAGS, added), at);
  }

  @Override
  public boolean removeTags(String tenantId, String courseId, Collection<String> tags, Instant at) {
    return CourseChanges.after(
        changes, tenantId, () -> removeTagsUnannounced(tenantId, courseId, tags, at));
  }

  private boolean removeTagsUnannounced(
      String tenantId, String courseId, Collection<String> tags, Instant at) {
    return update(tenantId, courseId, Updates.pullAll(TAGS, List.copyOf(tags)), at);
  }

  @Override
  public List<Course> list(String tenantId, CourseQuery query, int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must not be negative");
    }
    if (limit == 0) {
      return List.of();
    }
    return courses
        .find(CourseFilters.filter(tenantId, query))
        .projection(WITHOUT_LATEST)
        .sort(CourseFilters.sort(query.orderBy()))
        .skip(offset)
        .limit(limit)
        // The whole page in the first reply (the server's default first batch holds 101 documents).
        .batchSize(limit)
        .map(CourseMapper::fromDocument)
        .into(new ArrayList<>());
  }

  @Override
  public long count(String tenantId, CourseQuery query) {
    return courses.countDocuments(CourseFilters.filter(tenantId, query));
  }

  @Override
  public OptionalInt delete(String tenantId, String courseId, Instant at) {
    return CourseChanges.after(changes, tenantId, () -> deleteUnannounced(tenantId, courseId, at));
  }

  private OptionalInt deleteUnannounced(String tenantId, String courseId, Instant at) {
    Bson visible = Filters.and(key(tenantId, courseId), Filters.gte(LATEST_VERSION, 0));
    Bson tombstone =
        Updates.combine(
            Updates.inc(GENERATION, 1L),
            Updates.set(LATEST_VERSION, -1),
            Updates.unset(LATEST),
            Updates.set(TAGS, List.of()),
            Updates.set(PURGING, true),
            titleUpdate(""),
            Updates.set(UPDATED, date(at)));
    Document before =
        courses.findOneAndUpdate(
            visible,
            tombstone,
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
    return before == null
        ? OptionalInt.empty()
        : OptionalInt.of(DocumentValues.intValue(before, NEXT_VERSION));
  }

  private boolean update(String tenantId, String courseId, Bson change, Instant at) {
    Bson update = Updates.combine(change, Updates.set(UPDATED, date(at)));
    return courses.updateOne(key(tenantId, courseId), update).getMatchedCount() > 0;
  }

  private static Bson titleUpdate(String title) {
    return Updates.combine(
        Updates.set(TITLE, title), Updates.set(TITLE_KEY, CourseMapper.titleKey(title)));
  }

  /** Records stored before generations existed are in generation 0. */
  private static Bson generationIs(long generation) {
    return generation == 0
        ? Filters.or(Filters.eq(GENERATION, 0L), Filters.exists(GENERATION, false))
        : Filters.eq(GENERATION, generation);
  }

  /**
   * The course's key as a plain equality document on exactly the unique index's fields: the
   * embedded store answers such a filter from that index, while it scans every course of every
   * tenant for the {@code $and} that {@code Filters.and} renders (a GetCourse cost that grew with
   * the number of courses). Real MongoDB uses the index for both forms.
   */
  static Bson key(String tenantId, String courseId) {
    return new Document(TENANT_ID, tenantId).append(COURSE_ID, courseId);
  }
}
