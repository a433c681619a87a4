package org.courseport.server.storage.mongo.lesson;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;
import static org.courseport.server.storage.mongo.support.DocumentValues.intValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.longValue;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.lesson.Lesson;
import org.courseport.server.domain.lesson.LessonRepository;
import org.courseport.server.domain.lesson.PublishedLessonVersion;
import org.courseport.server.storage.mongo.support.DuplicateKeys;

/**
 * {@link LessonRepository} on MongoDB: collection {@code lessons} (one document per lesson, unique
 * {@code tenantId}+{@code slug}) and {@code lesson_versions} (one per published version, unique
 * {@code lessonId}+{@code versionNumber}). Content is stored as the JSON string it was saved as.
 */
public final class MongoLessonRepository implements LessonRepository {
  static final String LESSONS = "lessons";
  static final String VERSIONS = "lesson_versions";

  static final String TENANT = "tenantId";
  static final String TITLE = "title";
  static final String SLUG = "slug";
  static final String CONTENT = "content";
  static final String REVISION = "draftRevision";
  static final String VERSION_COUNT = "versionCount";
  static final String LATEST_NUMBER = "latestVersionNumber";
  static final String LATEST_ID = "latestVersionId";
  static final String CREATED = "createdAt";
  static final String UPDATED = "updatedAt";
  static final String LESSON_ID = "lessonId";
  static final String NUMBER = "versionNumber";
  static final String PUBLISHED = "publishedAt";

  private final MongoCollection<Document> lessons;
  private final MongoCollection<Document> versions;

  public MongoLessonRepository(MongoDatabase database) {
    this.lessons = database.getCollection(LESSONS);
    this.versions = database.getCollection(VERSIONS);
    lessons.createIndex(
        Indexes.ascending(TENANT, SLUG), new IndexOptions().unique(true).name("tenant_slug"));
    lessons.createIndex(Indexes.ascending(TENANT, CREATED, "_id"));
    versions.createIndex(
        Indexes.ascending(LESSON_ID, NUMBER),
        new IndexOptions().unique(true).name("lesson_number"));
    versions.createIndex(Indexes.ascending(TENANT, LESSON_ID, NUMBER));
  }

  @Override
  public boolean insert(Lesson lesson) {
    Document doc =
        new Document("_id", lesson.id().toString())
            .append(TENANT, lesson.tenantId())
            .append(TITLE, lesson.title())
            .append(SLUG, lesson.slug())
            .append(CONTENT, lesson.content())
            .append(REVISION, lesson.draftRevision())
            .append(VERSION_COUNT, lesson.versionCount())
            .append(LATEST_NUMBER, lesson.latestVersionNumber())
            .append(LATEST_ID, lesson.latestVersion().map(UUID::toString).orElse(null))
            .append(CREATED, date(lesson.created()))
            .append(UPDATED, date(lesson.updated()));
    try {
      lessons.insertOne(doc);
      return true;
    } catch (MongoException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Optional<Lesson> find(String tenantId, UUID id) {
    return Optional.ofNullable(lessons.find(owned(tenantId, id)).first())
        .map(MongoLessonRepository::lesson);
  }

  @Override
  public List<Lesson> list(String tenantId, int offset, int limit) {
    List<Lesson> out = new ArrayList<>();
    lessons
        .find(eq(TENANT, tenantId))
        .sort(Sorts.ascending(CREATED, "_id"))
        .skip(offset)
        .limit(limit)
        .forEach(doc -> out.add(lesson(doc)));
    return out;
  }

  @Override
  public UpdateOutcome update(
      String tenantId, UUID id, String title, String slug, String content, Instant at) {
    try {
      long matched =
          lessons
              .updateOne(
                  owned(tenantId, id),
                  Updates.combine(
                      Updates.set(TITLE, title),
                      Updates.set(SLUG, slug),
                      Updates.set(CONTENT, content),
                      Updates.set(UPDATED, date(at)),
                      Updates.inc(REVISION, 1L)))
              .getMatchedCount();
      return matched == 1 ? UpdateOutcome.UPDATED : UpdateOutcome.NOT_FOUND;
    } catch (MongoException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        return UpdateOutcome.SLUG_TAKEN;
      }
      throw e;
    }
  }

  @Override
  public boolean delete(String tenantId, UUID id) {
    boolean deleted = lessons.deleteOne(owned(tenantId, id)).getDeletedCount() == 1;
    if (deleted) {
      versions.deleteMany(and(eq(TENANT, tenantId), eq(LESSON_ID, id.toString())));
    }
    return deleted;
  }

  @Override
  public OptionalInt claimVersionNumber(String tenantId, UUID id, long draftRevision) {
    // The number is read from the document as it was before this increment: on MongoDB and on the
    // embedded store alike that read is part of the one atomic find-and-modify (the embedded
    // store's AFTER image is read back separately and may include a concurrent increment).
    Document before =
        lessons.findOneAndUpdate(
            and(owned(tenantId, id), eq(REVISION, draftRevision)),
            Updates.inc(VERSION_COUNT, 1),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
    return before == null
        ? OptionalInt.empty()
        : OptionalInt.of(intValue(before, VERSION_COUNT) + 1);
  }

  @Override
  public void insertVersion(String tenantId, PublishedLessonVersion v) {
    versions.insertOne(
        new Document("_id", v.versionId().toString())
            .append(TENANT, tenantId)
            .append(LESSON_ID, v.lessonId().toString())
            .append(NUMBER, v.versionNumber())
            .append(PUBLISHED, date(v.publishedAt()))
            .append(TITLE, v.title())
            .append(SLUG, v.slug())
            .append(CONTENT, v.content()));
    // Publishes may finish out of order: only a higher number becomes the latest.
    lessons.updateOne(
        and(owned(tenantId, v.lessonId()), lt(LATEST_NUMBER, v.versionNumber())),
        Updates.combine(
            Updates.set(LATEST_NUMBER, v.versionNumber()),
            Updates.set(LATEST_ID, v.versionId().toString())));
  }

  @Override
  public Optional<PublishedLessonVersion> findVersion(
      String tenantId, UUID lessonId, UUID versionId) {
    // By _id alone, tenant and lesson checked here: the _id index answers it in the embedded store
    // too (it scans every document for an $and); an export looks up each of a course's lessons.
    return Optional.ofNullable(versions.find(eq("_id", versionId.toString())).first())
        .filter(
            doc ->
                tenantId.equals(doc.getString(TENANT))
                    && lessonId.toString().equals(doc.getString(LESSON_ID)))
        .map(MongoLessonRepository::version);
  }

  @Override
  public List<PublishedLessonVersion> listVersions(
      String tenantId, UUID lessonId, int offset, int limit) {
    List<PublishedLessonVersion> out = new ArrayList<>();
    versions
        .find(and(eq(TENANT, tenantId), eq(LESSON_ID, lessonId.toString())))
        .sort(Sorts.descending(NUMBER))
        .skip(offset)
        .limit(limit)
        .forEach(doc -> out.add(version(doc)));
    return out;
  }

  private static Bson owned(String tenantId, UUID id) {
    return and(eq("_id", id.toString()), eq(TENANT, tenantId));
  }

  private static Lesson lesson(Document doc) {
    String latest = doc.getString(LATEST_ID);
    return new Lesson(
        UUID.fromString(doc.getString("_id")),
        doc.getString(TENANT),
        doc.getString(TITLE),
        doc.getString(SLUG),
        doc.getString(CONTENT),
        longValue(doc, REVISION),
        intValue(doc, VERSION_COUNT),
        intValue(doc, LATEST_NUMBER),
        latest == null ? null : UUID.fromString(latest),
        instant(doc, CREATED),
        instant(doc, UPDATED));
  }

  private static PublishedLessonVersion version(Document doc) {
    return new PublishedLessonVersion(
        UUID.fromString(doc.getString(LESSON_ID)),
        UUID.fromString(doc.getString("_id")),
        doc.getString(TITLE),
        doc.getString(SLUG),
        intValue(doc, NUMBER),
        instant(doc, PUBLISHED),
        doc.getString(CONTENT));
  }
}
