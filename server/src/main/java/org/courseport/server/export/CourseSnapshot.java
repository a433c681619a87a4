package org.courseport.server.export;

import java.util.List;
import java.util.Objects;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;

/**
 * A course as the package writers see it: the latest version of the tenant's course, either
 * authored from lessons ({@link #modules()} non-empty, {@link #imported()} null) or imported from a
 * package ({@link #imported()} set, no modules).
 *
 * @param tenantId owning tenant
 * @param courseId the course id
 * @param versionNumber the version exported (0 for an authored course)
 * @param title the course title
 * @param description the course description (an authored course's headline), may be empty
 * @param languageId a language tag, e.g. {@code en-US}
 * @param modules the authored course's modules, in order, with the published lesson versions
 * @param imported the imported version (its stored package and what the import found), or null
 */
public record CourseSnapshot(
    String tenantId,
    String courseId,
    int versionNumber,
    String title,
    String description,
    String languageId,
    List<Module> modules,
    CourseVersion imported) {

  public CourseSnapshot {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(courseId, "courseId");
    Objects.requireNonNull(title, "title");
    description = description == null ? "" : description;
    languageId = languageId == null || languageId.isBlank() ? "en-US" : languageId;
    modules = List.copyOf(modules);
  }

  /** Whether the course was authored from lessons. */
  public boolean authored() {
    return imported == null;
  }

  /** A module of an authored course. */
  public record Module(String title, List<PublishedLesson> lessons) {
    public Module {
      lessons = List.copyOf(lessons);
    }
  }
}
