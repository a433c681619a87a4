package org.courseport.server.export.core;

import java.nio.charset.StandardCharsets;
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
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportRefusedException;

/**
 * Reads what an export writes: the latest committed version of the tenant's course and, for an
 * authored course (its version holds no package), the modules with their published lesson versions.
 */
public final class SnapshotLoader {
  /** Reason of an unknown course or another tenant's (LearningStudio: 404 NOT_FOUND). */
  public static final String NOT_FOUND = "NOT_FOUND";

  /**
   * The version of what the writers make of a source, part of every source key: bump it whenever a
   * writer's output changes (with its plan {@code writer} string, e.g. {@code scorm-authored/1}),
   * or stored source keys would keep answering with the packages the old writers made.
   */
  public static final String SOURCE_FORMAT =
      "export-sources/1 scorm-authored/1 cc-authored/1 zip-authored/1 qti-authored/1 imported/1";

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

  /**
   * The course's source key for an export with these options, read from the course, its latest
   * version and (authored) the authored record only, without lesson content or media: two equal
   * keys plan the same package while {@link #SOURCE_FORMAT} names the writers' output. Also gives
   * the title the answer names.
   *
   * @throws DomainException NOT_FOUND as {@link #load}; an authored course without its record gives
   *     an empty key (the full export reports it)
   */
  public Optional<Source> source(String tenantId, String courseId, ExportOptions options) {
    Course course =
        courses
            .find(tenantId, courseId)
            .filter(c -> c.latestVersion() >= 0)
            .orElseThrow(() -> notFound(courseId));
    Optional<CourseVersion> found = versions.find(tenantId, courseId, course.latestVersion());
    if (found.isEmpty()) {
      throw notFound(courseId);
    }
    CourseVersion version = found.get();
    StringBuilder text = new StringBuilder();
    text.append(SOURCE_FORMAT).append('\n');
    line(text, tenantId);
    line(text, courseId);
    line(text, Integer.toString(version.version()));
    line(text, options.format().name());
    line(text, Boolean.toString(options.multiSco()));
    line(text, course.title());
    if (version.blobId() != null) {
      text.append("imported\n");
      line(text, version.blobId());
      line(text, Long.toString(version.packageSize()));
      line(text, version.fileName());
      line(text, version.title());
      var d = version.description();
      line(text, d == null ? null : d.description());
      line(text, d == null ? null : d.languages());
    } else {
      Optional<Authored> record = authored.find(tenantId, courseId);
      if (record.isEmpty()) {
        return Optional.empty();
      }
      Authored a = record.get();
      text.append("authored\n");
      line(text, a.headline());
      line(text, a.languageId());
      line(text, a.format());
      for (AuthoredModule module : a.modules()) {
        text.append("module\n");
        line(text, module.title());
        for (AuthoredModule.Lesson lesson : module.lessons()) {
          line(text, "lesson " + lesson.lessonId() + " " + lesson.versionId());
          line(text, lesson.title());
        }
      }
    }
    return Optional.of(
        new Source(
            ExportEntry.sha256Hex(text.toString().getBytes(StandardCharsets.UTF_8)),
            course.title()));
  }

  /** Appends a value as one escaped line (null as a marker no value gives). */
  private static void line(StringBuilder text, Object value) {
    if (value == null) {
      text.append("\u0000\n");
    } else {
      text.append(value.toString().replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    }
  }

  /**
   * A course's source key.
   *
   * @param key hex SHA-256 of what identifies the export's inputs
   * @param title the course's title
   */
  public record Source(String key, String title) {}

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
