package org.courseport.server.export.cc;

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
import org.courseport.server.export.scorm.CourseQuizzes;
import org.courseport.server.export.scorm.CourseQuizzes.Quiz;
import org.courseport.server.export.scorm.Names;
import org.courseport.server.export.scorm.XmlWriter;

/**
 * Writes an authored course as an IMS Common Cartridge 1.3 (default) or 1.1 {@code .imscc}: the
 * organization is the course's modules with their lessons; each lesson is a {@code webcontent}
 * resource (its page rendered without an LMS runtime, with its media as files, depending on a
 * shared resource for the script and style), and each quiz is a QTI 1.2 assessment in the Common
 * Cartridge profile ({@code imsqti_xmlv1p2/imscc_xmlv1p1/assessment} in 1.1, {@code
 * imsqti_xmlv1p2/imscc_xmlv1p3/assessment} in 1.3) in its own folder, listed after its lesson.
 */
public final class CommonCartridgeWriter implements PackageWriter {
  /** Writer id and version, part of the plan key. */
  public static final String WRITER = "cc-authored/1";

  static final String SHARED = "RES-SHARED";

  private final LessonWebRenderer renderer;

  public CommonCartridgeWriter(LessonWebRenderer renderer) {
    this.renderer = Objects.requireNonNull(renderer, "renderer");
  }

  @Override
  public boolean supports(CourseSnapshot course, ExportFormat format) {
    return course.authored()
        && (format == ExportFormat.COMMON_CARTRIDGE_13
            || format == ExportFormat.COMMON_CARTRIDGE_11);
  }

  @Override
  public ExportPlan plan(CourseSnapshot course, ExportOptions options) {
    ExportFormat format = options.format();
    if (!supports(course, format)) {
      throw new IllegalArgumentException(
          "the Common Cartridge writer does not write " + format + " for this course");
    }
    boolean v13 = format == ExportFormat.COMMON_CARTRIDGE_13;
    List<PublishedLesson> lessons = lessons(course);
    if (lessons.isEmpty()) {
      throw new ExportRefusedException(
          "Course '"
              + course.title()
              + "' has no published lessons; publish at least one lesson before exporting it as a"
              + " Common Cartridge");
    }
    RenderedCourse rendered = renderer.render(course, new RenderOptions(Runtime.NONE, true), "");
    if (rendered.launches().size() != lessons.size()) {
      throw new IllegalStateException(
          "the renderer gave "
              + rendered.launches().size()
              + " lesson pages for "
              + lessons.size()
              + " lessons");
    }
    Set<String> own = new LinkedHashSet<>();
    for (Launch launch : rendered.launches()) {
      own.add(launch.href());
      own.addAll(launch.files());
    }
    Set<String> shared = new LinkedHashSet<>(rendered.sharedFiles());
    for (ExportEntry entry : rendered.entries()) {
      if (!own.contains(entry.path())) {
        shared.add(entry.path());
      }
    }
    List<Quiz> quizzes = CourseQuizzes.of(course);
    List<ExportEntry> assessments = new ArrayList<>();
    for (Quiz quiz : quizzes) {
      assessments.add(
          ExportEntry.text(
              assessmentPath(quiz),
              QtiAssessment.write(quiz, QtiAssessment.Profile.COMMON_CARTRIDGE)));
    }
    String manifest = manifest(course, v13, rendered, quizzes, List.copyOf(shared));
    List<ExportEntry> entries = new ArrayList<>();
    entries.add(ExportEntry.text("imsmanifest.xml", manifest));
    entries.addAll(rendered.entries());
    entries.addAll(assessments);
    return new ExportPlan(
        format,
        Names.slug(course.title()) + (v13 ? "" : "-cc11") + ".imscc",
        WRITER,
        entries,
        new ExportPlan.Expectation(
            LearningStandard.UNKNOWN,
            v13 ? "imscc-1.3" : "imscc-1.1",
            rendered.launches().get(0).href(),
            lessons.size() + quizzes.size(),
            "imsmanifest.xml"),
        rendered.complete());
  }

  static List<PublishedLesson> lessons(CourseSnapshot course) {
    return course.modules().stream().flatMap(m -> m.lessons().stream()).toList();
  }

  /** Where a quiz's assessment goes: its own folder, named by its resource identifier. */
  static String assessmentPath(Quiz quiz) {
    return quiz.identifier() + "/assessment_qti.xml";
  }

  private static String manifest(
      CourseSnapshot course,
      boolean v13,
      RenderedCourse rendered,
      List<Quiz> quizzes,
      List<String> shared) {
    String v = v13 ? "v1p3" : "v1p1";
    String cp = "http://www.imsglobal.org/xsd/imscc" + v + "/imscp_v1p1";
    String lom = "http://ltsc.ieee.org/xsd/imscc" + v + "/LOM/manifest";
    String profile = "http://www.imsglobal.org/profile/cc/cc" + v + "/";
    XmlWriter xml = new XmlWriter();
    xml.start(
        "manifest",
        "identifier",
        Names.xsId("MANIFEST-", course.courseId()),
        "xmlns",
        cp,
        "xmlns:lomimscc",
        lom,
        "xmlns:xsi",
        "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:schemaLocation",
        cp
            + " "
            + profile
            + "cc"
            + v
            + "_imscp_v1p2_v1p0.xsd "
            + lom
            + " "
            + profile
            + "LOM/cc"
            + v
            + "_lommanifest_v1p0.xsd");
    xml.start("metadata")
        .element("schema", "IMS Common Cartridge")
        .element("schemaversion", v13 ? "1.3.0" : "1.1.0");
    xml.start("lomimscc:lom").start("lomimscc:general");
    xml.start("lomimscc:title")
        .element("lomimscc:string", course.title(), "language", course.languageId())
        .end();
    xml.element("lomimscc:language", course.languageId());
    if (!course.description().isBlank()) {
      xml.start("lomimscc:description")
          .element("lomimscc:string", course.description(), "language", course.languageId())
          .end();
    }
    xml.end().end().end();
    xml.start("organizations");
    xml.start("organization", "identifier", "ORG-1", "structure", "rooted-hierarchy");
    xml.start("item", "identifier", "ROOT");
    int lessonNumber = 0;
    int moduleNumber = 0;
    for (CourseSnapshot.Module module : course.modules()) {
      moduleNumber++;
      if (module.lessons().isEmpty()) {
        continue;
      }
      xml.start("item", "identifier", "MODULE-" + moduleNumber);
      xml.element("title", module.title().isBlank() ? "Module " + moduleNumber : module.title());
      for (PublishedLesson lesson : module.lessons()) {
        lessonNumber++;
        Launch launch = rendered.launches().get(lessonNumber - 1);
        xml.start(
            "item", "identifier", "ITEM-" + lessonNumber, "identifierref", "RES-" + lessonNumber);
        xml.element("title", lesson.title());
        xml.end();
        for (Quiz quiz : quizzes) {
          if (quiz.lessonNumber() == lessonNumber) {
            xml.start(
                "item",
                "identifier",
                "ITEM-" + quiz.identifier(),
                "identifierref",
                quiz.identifier());
            xml.element("title", quiz.title());
            xml.end();
          }
        }
        Objects.requireNonNull(launch);
      }
      xml.end();
    }
    xml.end().end().end();
    xml.start("resources");
    for (int i = 0; i < rendered.launches().size(); i++) {
      Launch launch = rendered.launches().get(i);
      xml.start(
          "resource", "identifier", "RES-" + (i + 1), "type", "webcontent", "href", launch.href());
      Set<String> files = new LinkedHashSet<>();
      files.add(launch.href());
      files.addAll(launch.files());
      for (String file : files) {
        xml.empty("file", "href", file);
      }
      if (!shared.isEmpty()) {
        xml.empty("dependency", "identifierref", SHARED);
      }
      xml.end();
    }
    if (!shared.isEmpty()) {
      xml.start("resource", "identifier", SHARED, "type", "webcontent");
      for (String file : shared) {
        xml.empty("file", "href", file);
      }
      xml.end();
    }
    for (Quiz quiz : quizzes) {
      xml.start(
          "resource",
          "identifier",
          quiz.identifier(),
          "type",
          "imsqti_xmlv1p2/imscc_xml" + v + "/assessment");
      xml.empty("file", "href", assessmentPath(quiz));
      xml.end();
    }
    xml.end().end();
    return xml.toString();
  }
}
