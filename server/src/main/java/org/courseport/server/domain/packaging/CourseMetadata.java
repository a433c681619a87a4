package org.courseport.server.domain.packaging;

import java.util.List;

/** Descriptive metadata of a course, as its package states it (LOM, cmi5, tincan, AICC). */
public record CourseMetadata(
    String title,
    String titleLanguage,
    String description,
    String descriptionLanguage,
    String duration,
    String typicalTime,
    List<String> keywords) {
  public CourseMetadata {
    keywords = List.copyOf(keywords);
  }

  public static CourseMetadata empty() {
    return new CourseMetadata("", "", "", "", "", "", List.of());
  }
}
