package org.courseport.server.domain.authoring;

import java.util.List;

/**
 * A request to create a course from lessons, as the caller sent it (blank strings for absent
 * fields).
 *
 * @param subject what the course is about; the name unless {@code name} is given
 * @param name the course name, or blank
 * @param headline the headline, or blank
 * @param format {@code onepage}, {@code classic}, or blank for {@code onepage}
 * @param languageId the language, or blank for {@code en-US}
 * @param callbackUrl where the job's outcome is POSTed, or blank
 * @param modules the modules, in order
 */
public record CourseRequest(
    String subject,
    String name,
    String headline,
    String format,
    String languageId,
    String callbackUrl,
    List<ModuleSpec> modules) {
  public CourseRequest {
    modules = List.copyOf(modules);
  }

  /** A module as requested: its title and the lesson versions it holds, in order. */
  public record ModuleSpec(String title, List<LessonRef> lessons) {
    public ModuleSpec {
      lessons = List.copyOf(lessons);
    }
  }

  /** A lesson version named by its ids (as sent: not yet checked to be UUIDs). */
  public record LessonRef(String lessonId, String versionId) {}
}
