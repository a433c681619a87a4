package org.courseport.server.domain.course;

import org.courseport.server.domain.DomainException;

/** Rules for caller-chosen course ids. */
public final class CourseIds {
  /** SCORM Cloud allows course ids of up to 255 characters. */
  public static final int MAX_LENGTH = 255;

  private CourseIds() {}

  /** Returns the id when it is usable, else INVALID_ARGUMENT naming the problem. */
  public static String require(String courseId) {
    if (courseId == null || courseId.isBlank()) {
      throw DomainException.invalid("COURSE_ID_MISSING", "courseId is required");
    }
    if (courseId.length() > MAX_LENGTH) {
      throw DomainException.invalid(
          "COURSE_ID_INVALID", "courseId must be at most " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < courseId.length(); i++) {
      char c = courseId.charAt(i);
      if (Character.isISOControl(c) || c == '/' || c == '\\') {
        throw DomainException.invalid(
            "COURSE_ID_INVALID",
            "courseId must not contain '/', '\\' or control characters: '"
                + printable(courseId)
                + "'");
      }
    }
    return courseId;
  }

  private static String printable(String s) {
    return s.codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}
