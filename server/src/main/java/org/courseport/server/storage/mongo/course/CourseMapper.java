package org.courseport.server.storage.mongo.course;

import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;
import static org.courseport.server.storage.mongo.support.DocumentValues.intValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.strings;

import java.util.List;
import java.util.Locale;
import org.bson.Document;
import org.courseport.server.domain.course.Course;

/** Maps {@link Course} records to documents of the {@code courses} collection and back. */
final class CourseMapper {
  static final String TENANT_ID = "tenantId";
  static final String COURSE_ID = "courseId";
  static final String TITLE = "title";

  /** Lower-cased title, the key of the title orders (case-insensitive on every server). */
  static final String TITLE_KEY = "titleKey";

  static final String TAGS = "tags";
  static final String CREATED = "created";
  static final String UPDATED = "updated";
  static final String LATEST_VERSION = "latestVersion";
  static final String NEXT_VERSION = "nextVersion";

  /** Raised by every delete; an import commits only into the generation it reserved in. */
  static final String GENERATION = "generation";

  /** Ids of the import jobs that reserved a version and have not ended. */
  static final String PENDING_JOBS = "pendingJobs";

  /** Set on a tombstone until the deleted course's versions are gone. */
  static final String PURGING = "purging";

  /**
   * A copy of the latest version's document (courseVersions), written by the same conditional
   * update that sets latestVersion, so that the latest view is one read; only used while its
   * version equals latestVersion.
   */
  static final String LATEST = "latest";

  private CourseMapper() {}

  static Document toDocument(Course course) {
    return new Document(TENANT_ID, course.tenantId())
        .append(COURSE_ID, course.courseId())
        .append(TITLE, course.title())
        .append(TITLE_KEY, titleKey(course.title()))
        .append(TAGS, distinct(course.tags()))
        .append(CREATED, date(course.created()))
        .append(UPDATED, date(course.updated()))
        .append(LATEST_VERSION, course.latestVersion())
        .append(NEXT_VERSION, course.nextVersion())
        .append(GENERATION, 0L);
  }

  static Course fromDocument(Document doc) {
    return new Course(
        doc.getString(TENANT_ID),
        doc.getString(COURSE_ID),
        doc.get(TITLE) == null ? "" : doc.getString(TITLE),
        strings(doc, TAGS),
        instant(doc, CREATED),
        instant(doc, UPDATED),
        intValue(doc, LATEST_VERSION),
        intValue(doc, NEXT_VERSION));
  }

  static String titleKey(String title) {
    return title == null ? "" : title.toLowerCase(Locale.ROOT);
  }

  /** The tags in their first-seen order, without duplicates. */
  static List<String> distinct(List<String> tags) {
    return tags.stream().distinct().toList();
  }
}
