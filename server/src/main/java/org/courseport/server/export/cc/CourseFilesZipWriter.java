package org.courseport.server.export.cc;

import java.util.Objects;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ExportRefusedException;
import org.courseport.server.export.LessonWebRenderer;
import org.courseport.server.export.LessonWebRenderer.RenderOptions;
import org.courseport.server.export.LessonWebRenderer.RenderedCourse;
import org.courseport.server.export.LessonWebRenderer.Runtime;
import org.courseport.server.export.PackageWriter;
import org.courseport.server.export.scorm.Names;

/**
 * Writes an authored course's files as a plain zip (Canvas "zip" export): the lesson pages rendered
 * without an LMS runtime ({@code index.html} with every lesson and its navigation), their script,
 * style, media and widget files. No manifest; the check only reads the zip.
 */
public final class CourseFilesZipWriter implements PackageWriter {
  /** Writer id and version, part of the plan key. */
  public static final String WRITER = "zip-authored/1";

  private final LessonWebRenderer renderer;

  public CourseFilesZipWriter(LessonWebRenderer renderer) {
    this.renderer = Objects.requireNonNull(renderer, "renderer");
  }

  @Override
  public boolean supports(CourseSnapshot course, ExportFormat format) {
    return course.authored() && format == ExportFormat.ZIP;
  }

  @Override
  public ExportPlan plan(CourseSnapshot course, ExportOptions options) {
    if (!supports(course, options.format())) {
      throw new IllegalArgumentException(
          "the course files writer does not write " + options.format() + " for this course");
    }
    if (CommonCartridgeWriter.lessons(course).isEmpty()) {
      throw new ExportRefusedException(
          "Course '" + course.title() + "' has no published lessons; there are no files to export");
    }
    RenderedCourse rendered = renderer.render(course, new RenderOptions(Runtime.NONE, false), "");
    return new ExportPlan(
        ExportFormat.ZIP,
        Names.slug(course.title()) + ".zip",
        WRITER,
        rendered.entries(),
        new ExportPlan.Expectation(null, null, null, -1, null),
        rendered.complete());
  }
}
