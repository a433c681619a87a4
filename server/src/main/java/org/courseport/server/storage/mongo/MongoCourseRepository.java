package org.courseport.server.storage.mongo;

import static org.courseport.server.storage.mongo.CourseMapper.COURSE_ID;
import static org.courseport.server.storage.mongo.CourseMapper.LATEST_VERSION;
import static org.courseport.server.storage.mongo.CourseMapper.NEXT_VERSION;
import static org.courseport.server.storage.mongo.CourseMapper.TAGS;
import static org.courseport.server.storage.mongo.CourseMapper.TENANT_ID;
import static org.courseport.server.storage.mongo.CourseMapper.TITLE;
import static org.courseport.server.storage.mongo.CourseMapper.TITLE_KEY;
import static org.courseport.server.storage.mongo.CourseMapper.UPDATED;
import static org.courseport.server.storage.mongo.DocumentValues.date;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.course.CourseQuery;
import org.courseport.server.domain.course.CourseRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link CourseRepository} on the {@code courses} collection. */
public final class MongoCourseRepository implements CourseRepository {
  private static final Logger log = LoggerFactory.getLogger(MongoCourseRepository.class);

  private final MongoCollection<Document> courses;

  MongoCourseRepository(MongoCollection<Document> courses) {
    this.courses = courses;
  }

  void createIndexes() {
    courses.createIndex(
        Indexes.ascending(TENANT_ID, COURSE_ID),
        new IndexOptions().unique(true).name("tenantId_courseId_unique"));
  }

  @Override
  public void insert(Course course) {
    DuplicateKeys.insert(
        () -> courses.insertOne(CourseMapper.toDocument(course)),
        "COURSE_EXISTS",
        "course '" + course.courseId() + "' already exists");
  }

  @Override
  public Optional<Course> find(String tenantId, String courseId) {
    return Optional.ofNullable(courses.find(key(tenantId, courseId)).first())
        .map(CourseMapper::fromDocument);
  }

  @Override
  public Optional<Integer> reserveVersion(String tenantId, String courseId) {
    Document before =
        courses.findOneAndUpdate(
            key(tenantId, courseId),
            Updates.inc(NEXT_VERSION, 1),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
    return Optional.ofNullable(before).map(doc -> DocumentValues.intValue(doc, NEXT_VERSION));
  }

  @Override
  public void versionAdded(
      String tenantId, String courseId, int version, String title, Instant at) {
    // The title follows the highest version: an import that finishes after a newer one must not
    // overwrite the newer title. Two single-document updates keep this race-free.
    Bson notNewer = Filters.and(key(tenantId, courseId), Filters.lte(LATEST_VERSION, version));
    Bson raise =
        Updates.combine(
            Updates.set(LATEST_VERSION, version),
            Updates.max(NEXT_VERSION, version + 1),
            titleUpdate(title),
            Updates.set(UPDATED, date(at)));
    if (courses.updateOne(notNewer, raise).getMatchedCount() > 0) {
      return;
    }
    Bson touch =
        Updates.combine(Updates.max(NEXT_VERSION, version + 1), Updates.set(UPDATED, date(at)));
    if (courses.updateOne(key(tenantId, courseId), touch).getMatchedCount() == 0) {
      log.warn("version {} added to absent course {}/{}", version, tenantId, courseId);
    }
  }

  @Override
  public void setLatestVersion(String tenantId, String courseId, int latestVersion, Instant at) {
    courses.updateOne(
        key(tenantId, courseId),
        Updates.combine(
            Updates.set(LATEST_VERSION, latestVersion), Updates.set(UPDATED, date(at))));
  }

  @Override
  public boolean setTitle(String tenantId, String courseId, String title, Instant at) {
    return update(tenantId, courseId, titleUpdate(title), at);
  }

  @Override
  public boolean replaceTags(String tenantId, String courseId, List<String> tags, Instant at) {
    return update(tenantId, courseId, Updates.set(TAGS, CourseMapper.distinct(tags)), at);
  }

  @Override
  public boolean addTags(String tenantId, String courseId, Collection<String> tags, Instant at) {
    List<String> added = CourseMapper.distinct(List.copyOf(tags));
    return update(tenantId, courseId, Updates.addEachToSet(TAGS, added), at);
  }

  @Override
  public boolean removeTags(String tenantId, String courseId, Collection<String> tags, Instant at) {
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
        .sort(CourseFilters.sort(query.orderBy()))
        .skip(offset)
        .limit(limit)
        .map(CourseMapper::fromDocument)
        .into(new ArrayList<>());
  }

  @Override
  public long count(String tenantId, CourseQuery query) {
    return courses.countDocuments(CourseFilters.filter(tenantId, query));
  }

  @Override
  public boolean delete(String tenantId, String courseId) {
    return courses.deleteOne(key(tenantId, courseId)).getDeletedCount() > 0;
  }

  private boolean update(String tenantId, String courseId, Bson change, Instant at) {
    Bson update = Updates.combine(change, Updates.set(UPDATED, date(at)));
    return courses.updateOne(key(tenantId, courseId), update).getMatchedCount() > 0;
  }

  private static Bson titleUpdate(String title) {
    return Updates.combine(
        Updates.set(TITLE, title), Updates.set(TITLE_KEY, CourseMapper.titleKey(title)));
  }

  private static Bson key(String tenantId, String courseId) {
    return Filters.and(Filters.eq(TENANT_ID, tenantId), Filters.eq(COURSE_ID, courseId));
  }
}
