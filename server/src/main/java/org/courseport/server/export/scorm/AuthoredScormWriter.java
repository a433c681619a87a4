package org.courseport.server.export.scorm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ExportRefusedException;
import org.courseport.server.export.LessonWebRenderer;
import org.courseport.server.export.LessonWebRenderer.Launch;
import org.courseport.server.export.LessonWebRenderer.RenderOptions;
import org.courseport.server.export.LessonWebRenderer.RenderedCourse;
import org.courseport.server.export.LessonWebRenderer.Runtime;
import org.courseport.server.export.PackageWriter;

/**
 * Writes an authored course as a SCORM 1.2, 2004 3rd Edition or 2004 4th Edition package: the
 * lesson pages the {@link LessonWebRenderer} renders with the LMS runtime, an {@code
 * imsmanifest.xml} for the edition, and the official schema files the manifest names.
 *
 * <p>Single SCO by default: one item and one resource launching {@code index.html} and listing
 * every file. Multi-SCO: one item per lesson grouped by module; 2004 packages get forward-only flow
 * sequencing ({@code controlMode choice="false" flow="true" forwardOnly="true"}) on the
 * organization and every module; SCORM 1.2 has no sequencing, so each lesson names the previous one
 * in {@code adlcp:prerequisites} (LMSs that ignore prerequisites present the lessons in flow
 * order).
 */
public final class AuthoredScormWriter implements PackageWriter {
  /** Writer id and version, part of the plan key. */
  public static final String WRITER = "scorm-authored/1";

  private final LessonWebRenderer renderer;

  public AuthoredScormWriter(LessonWebRenderer renderer) {
    this.renderer = Objects.requireNonNull(renderer, "renderer");
  }

  @Override
  public boolean supports(CourseSnapshot course, ExportFormat format) {
    return course.authored() && format.scorm();
  }

  @Override
  public ExportPlan plan(CourseSnapshot course, ExportOptions options) {
    ExportFormat format = options.format();
    if (!supports(course, format)) {
      throw new IllegalArgumentException(
          "the authored SCORM writer does not write " + format + " for this course");
    }
    List<PublishedLesson> lessons = lessons(course);
    if (lessons.isEmpty()) {
      throw new ExportRefusedException(
          "Course '"
              + course.title()
              + "' has no published lessons; publish at least one lesson before exporting it as "
              + format.apiName());
    }
    boolean multi = options.multiSco();
    RenderedCourse rendered =
        renderer.render(
            course,
            new RenderOptions(format.scorm2004() ? Runtime.SCORM2004 : Runtime.SCORM12, multi),
            "");
    int expectedLaunches = multi ? lessons.size() : 1;
    if (rendered.launches().size() != expectedLaunches) {
      throw new IllegalStateException(
          "the renderer gave "
              + rendered.launches().size()
              + " launch pages for "
              + expectedLaunches
              + " SCOs");
    }
    List<ScormManifest.Group> groups = new ArrayList<>();
    List<String> shared;
    if (multi) {
      Set<String> own = new LinkedHashSet<>();
      int index = 0;
      for (CourseSnapshot.Module module : course.modules()) {
        List<ScormManifest.Sco> scos = new ArrayList<>();
        for (PublishedLesson lesson : module.lessons()) {
          Launch launch = rendered.launches().get(index);
          index++;
          boolean quiz = !CourseQuizzes.of(lesson, index).isEmpty();
          List<String> files = files(launch, List.of());
          own.addAll(files);
          scos.add(
              new ScormManifest.Sco(
                  index,
                  launch.title().isBlank() ? lesson.title() : launch.title(),
                  launch.href(),
                  files,
                  quiz ? mastery(rendered) : -1));
        }
        if (!scos.isEmpty()) {
          groups.add(new ScormManifest.Group(module.title(), scos));
        }
      }
      Set<String> rest = new LinkedHashSet<>(rendered.sharedFiles());
      for (ExportEntry entry : rendered.entries()) {
        if (!own.contains(entry.path())) {
          rest.add(entry.path());
        }
      }
      shared = List.copyOf(rest);
    } else {
      Launch launch = rendered.launches().get(0);
      List<String> all = rendered.entries().stream().map(ExportEntry::path).toList();
      groups.add(
          new ScormManifest.Group(
              null,
              List.of(
                  new ScormManifest.Sco(
                      1,
                      course.title(),
                      launch.href(),
                      files(launch, all),
                      rendered.masteryScore()))));
      shared = List.of();
    }
    String manifest = ScormManifest.write(format, course, groups, shared, multi);
    List<ExportEntry> entries = new ArrayList<>();
    entries.add(ExportEntry.text("imsmanifest.xml", manifest));
    entries.addAll(rendered.entries());
    entries.addAll(ScormSchemaFiles.entries(format));
    return new ExportPlan(
        format,
        Names.fileName(course, format, "zip"),
        WRITER,
        entries,
        new ExportPlan.Expectation(
            standard(format),
            formatName(format),
            rendered.launches().get(0).href(),
            expectedLaunches,
            "imsmanifest.xml"),
        rendered.complete());
  }

  /** The course's lessons in course order. */
  static List<PublishedLesson> lessons(CourseSnapshot course) {
    return course.modules().stream().flatMap(m -> m.lessons().stream()).toList();
  }

  /** The launch page first, then its own files, then {@code more}, each once. */
  private static List<String> files(Launch launch, List<String> more) {
    Set<String> files = new LinkedHashSet<>();
    files.add(launch.href());
    files.addAll(launch.files());
    files.addAll(more);
    return List.copyOf(files);
  }

  /** The course mastery score, 80 when the renderer found no quiz to take one from. */
  private static int mastery(RenderedCourse rendered) {
    return rendered.masteryScore() >= 0 ? rendered.masteryScore() : 80;
  }

  static LearningStandard standard(ExportFormat format) {
    return switch (format) {
      case SCORM12 -> LearningStandard.SCORM12;
      case SCORM2004_3RD -> LearningStandard.SCORM2004_3RD;
      case SCORM2004_4TH -> LearningStandard.SCORM2004_4TH;
      default -> throw new IllegalArgumentException("not a SCORM format: " + format);
    };
  }

  /** What our inspector reports as the package format. */
  static String formatName(ExportFormat format) {
    return switch (format) {
      case SCORM12 -> "scorm-1.2";
      case SCORM2004_3RD -> "scorm-2004-3rd";
      case SCORM2004_4TH -> "scorm-2004-4th";
      default -> throw new IllegalArgumentException("not a SCORM format: " + format);
    };
  }
}
