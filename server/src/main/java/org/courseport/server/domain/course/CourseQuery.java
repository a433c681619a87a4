package org.courseport.server.domain.course;

import java.time.Instant;
import java.util.List;

/**
 * Filters and order of a course listing (SCORM Cloud GetCourses).
 *
 * @param since inclusive lower bound on {@code dateField}, or null
 * @param until inclusive upper bound on {@code dateField}, or null
 * @param dateField which date since/until apply to
 * @param anyTags courses having at least one of these tags; empty for no tag filter
 * @param filter text to match in {@code filterBy} (case-insensitive substring), or null
 * @param filterBy which field {@code filter} applies to
 * @param orderBy the order
 */
public record CourseQuery(
    Instant since,
    Instant until,
    DateField dateField,
    List<String> anyTags,
    String filter,
    FilterField filterBy,
    Order orderBy) {
  public CourseQuery {
    anyTags = List.copyOf(anyTags);
  }

  /** The date since/until apply to. */
  public enum DateField {
    CREATED,
    UPDATED
  }

  /** The field a text filter applies to. */
  public enum FilterField {
    COURSE_ID,
    TITLE,
    TAGS
  }

  /** Orders of a listing; ties are broken by course id ascending. */
  public enum Order {
    CREATED_ASC,
    CREATED_DESC,
    UPDATED_ASC,
    UPDATED_DESC,
    TITLE_ASC,
    TITLE_DESC
  }

  /** No filter, newest first. */
  public static CourseQuery all() {
    return new CourseQuery(
        null, null, DateField.UPDATED, List.of(), null, FilterField.COURSE_ID, Order.CREATED_DESC);
  }
}
