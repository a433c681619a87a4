package org.courseport.server.export.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.authoring.AuthoredCourseRecords;
import org.courseport.server.domain.authoring.AuthoredCourseRecords.Authored;
import org.courseport.server.domain.authoring.AuthoredModule;
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.course.CourseRepository;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.course.CourseVersionRepository;
import org.courseport.server.domain.lessonexport.ExportSources;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportRefusedException;

/**
 * Reads what an export writes: the latest committed version of the tenant's course and, for an
 * authored course (its version holds no package), the modules with their published lesson versions.
 */
public final class SnapshotLoader {
  /** Reason of an unknown course or another tenant's (LearningStudio: 404 NOT_FOUND). */
  public static final String NOT_FOUND = "NOT_FOUND";

  private final CourseRepository courses;
  private final CourseVersionRepository versions;
  private final AuthoredCourseRecords authored;
  private final ExportSources sources;

  public SnapshotLoader(
      CourseRepository courses,
      CourseVersionRepository versions,
      AuthoredCourseRecords authored,
      ExportSources sources) {
    this.courses = courses;
    this.versions = versions;
    this.authored = authored;
    this.sources = sources;
  }

  /**
   * The tenant's course as it is now.
   *
   * @throws DomainException NOT_FOUND for an unknown course or another tenant's, {@link
   *     ExportRefusedException} when an authored course's lesson version is gone
   */
  public CourseSnapshot load(String tenantId, String courseId) {
    Course course =
        courses
            .find(tenantId, courseId)
            .filter(c -> c.latestVersion() >= 0)
            .orElseThrow(() -> notFound(courseId));
    // A delete between the two reads leaves no version: the course is gone.
    CourseVersion version =
        versions
            .find(tenantId, courseId, course.latestVersion())
            .orElseThrow(() -> notFound(courseId));
    if (version.blobId() != null) {
      return imported(course, version);
    }
    Optional<Authored> record = authored.find(tenantId, courseId);
    if (record.isEmpty()) {
      throw new ExportRefusedException(
          "Course '"
              + courseId
              + "' version "
              + version.version()
              + " holds neither a package nor authored lessons; there is nothing to export");
    }
    return authored(course, version, record.get());
  }

  private static CourseSnapshot imported(Course course, CourseVersion version) {
    var d = version.description();
    String description = d == null ? "" : d.description();
    String language = d == null || d.languages().isEmpty() ? null : d.languages().get(0);
    return new CourseSnapshot(
        course.tenantId(),
        course.courseId(),
        version.version(),
        course.title(),
        description,
        language,
        List.of(),
        version);
  }

  private CourseSnapshot authored(Course course, CourseVersion version, Authored record) {
    List<CourseSnapshot.Module> modules = new ArrayList<>();
    for (AuthoredModule module : record.modules()) {
      List<PublishedLesson> lessons = new ArrayList<>();
      for (AuthoredModule.Lesson lesson : module.lessons()) {
        lessons.add(
            sources
                .findPublished(course.tenantId(), lesson.lessonId(), lesson.versionId())
                .orElseThrow(() -> lessonGone(course.courseId(), module, lesson)));
      }
      modules.add(new CourseSnapshot.Module(module.title(), lessons));
    }
    return new CourseSnapshot(
        course.tenantId(),
        course.courseId(),
        version.version(),
        course.title(),
        record.headline(),
        record.languageId(),
        modules,
        null);
  }

  private static ExportRefusedException lessonGone(
      String courseId, AuthoredModule module, AuthoredModule.Lesson lesson) {
    return new ExportRefusedException(
        "Course '"
            + courseId
            + "' cannot be exported: lesson '"
            + lesson.title()
            + "' ("
            + lesson.lessonId()
            + ") of module '"
            + module.title()
            + "' no longer has its published version "
            + lesson.versionId()
            + "; create the course again from lesson versions that exist");
  }

  static DomainException notFound(String courseId) {
    return DomainException.notFound(NOT_FOUND, "Course '" + courseId + "' not found");
  }
}
