package org.courseport.server.export.core;

import java.util.ArrayList;
import java.util.List;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.PackageWriter;

/**
 * A small SCORM 1.2 writer for authored courses (the real one lives in export.scorm): one SCO,
 * {@code index.html} listing the lessons, and a stored binary entry. Two courses with the same
 * title and lessons get the same package (and plan key). {@link #defect} makes it write a manifest
 * the official XSD refuses, or expect another launch page than it writes.
 */
final class Scorm12TestWriter implements PackageWriter {
  enum Defect {
    NONE,
    MANIFEST_INVALID_AGAINST_XSD,
    LAUNCH_DIFFERS
  }

  volatile Defect defect = Defect.NONE;

  /** Plans made so far. */
  final java.util.concurrent.atomic.AtomicInteger plans =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Whether the plans are complete (false: as if a media could not be included). */
  volatile boolean complete = true;

  @Override
  public boolean supports(CourseSnapshot course, ExportFormat format) {
    return course.authored() && format == ExportFormat.SCORM12;
  }

  @Override
  public ExportPlan plan(CourseSnapshot course, ExportOptions options) {
    plans.incrementAndGet();
    StringBuilder page = new StringBuilder("<!DOCTYPE html><html><head><title>");
    page.append(escape(course.title())).append("</title></head><body><ol>");
    for (CourseSnapshot.Module module : course.modules()) {
      for (PublishedLesson lesson : module.lessons()) {
        page.append("<li>").append(escape(lesson.title())).append("</li>");
      }
    }
    page.append("</ol></body></html>");
    // An attribute without a namespace on <manifest> is not allowed by imscp_rootv1p1p2.xsd; the
    // import's semantic checks do not mind it, so only the XSD check catches it.
    String extra = defect == Defect.MANIFEST_INVALID_AGAINST_XSD ? " colour=\"blue\"" : "";
    String manifest =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest identifier="MANIFEST" version="1.0"%s
            xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
            xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
          <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
          <organizations default="ORG">
            <organization identifier="ORG">
              <title>%s</title>
              <item identifier="ITEM" identifierref="RES">
                <title>%s</title>
              </item>
            </organization>
          </organizations>
          <resources>
            <resource identifier="RES" type="webcontent" adlcp:scormtype="sco" href="index.html">
              <file href="index.html"/>
              <file href="logo.png"/>
            </resource>
          </resources>
        </manifest>
        """
            .formatted(extra, escape(course.title()), escape(course.title()));
    List<ExportEntry> entries = new ArrayList<>();
    entries.add(ExportEntry.text("imsmanifest.xml", manifest));
    entries.add(ExportEntry.text("index.html", page.toString()));
    entries.add(
        ExportEntry.bytes("logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2}, false));
    String launch = defect == Defect.LAUNCH_DIFFERS ? "start.html" : "index.html";
    return new ExportPlan(
        ExportFormat.SCORM12,
        course.courseId() + "-scorm12.zip",
        "test-scorm12/1",
        entries,
        new ExportPlan.Expectation(
            LearningStandard.SCORM12, "scorm-1.2", launch, 1, "imsmanifest.xml"),
        complete);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
