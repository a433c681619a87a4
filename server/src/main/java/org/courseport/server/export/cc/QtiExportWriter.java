package org.courseport.server.export.cc;

import java.util.ArrayList;
import java.util.List;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ExportRefusedException;
import org.courseport.server.export.PackageWriter;
import org.courseport.server.export.scorm.CourseQuizzes;
import org.courseport.server.export.scorm.CourseQuizzes.Quiz;
import org.courseport.server.export.scorm.Names;
import org.courseport.server.export.scorm.XmlWriter;

/**
 * Writes an authored course's quizzes as a QTI zip, as Canvas's own QTI export is: one QTI 1.2
 * assessment per quiz ({@code {id}/{id}.xml}, Canvas item metadata) and an IMS Content Packaging
 * 1.1 {@code imsmanifest.xml} listing them as {@code imsqti_xmlv1p2} resources. A course without a
 * quiz is refused.
 */
public final class QtiExportWriter implements PackageWriter {
  /** Writer id and version, part of the plan key. */
  public static final String WRITER = "qti-authored/1";

  static final String CP = "http://www.imsglobal.org/xsd/imscp_v1p1";

  @Override
  public boolean supports(CourseSnapshot course, ExportFormat format) {
    return course.authored() && format == ExportFormat.QTI;
  }

  @Override
  public ExportPlan plan(CourseSnapshot course, ExportOptions options) {
    if (!supports(course, options.format())) {
      throw new IllegalArgumentException(
          "the QTI writer does not write " + options.format() + " for this course");
    }
    List<Quiz> quizzes = CourseQuizzes.of(course);
    if (quizzes.isEmpty()) {
      throw new ExportRefusedException(
          "Course '"
              + course.title()
              + "' has no quiz in its published lessons; a QTI export contains only quizzes");
    }
    XmlWriter xml = new XmlWriter();
    xml.start(
        "manifest",
        "identifier",
        Names.xsId("MANIFEST-", course.courseId()) + "-QTI",
        "xmlns",
        CP,
        "xmlns:xsi",
        "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:schemaLocation",
        CP + " http://www.imsglobal.org/xsd/imscp_v1p1.xsd");
    xml.start("metadata").element("schema", "IMS Content").element("schemaversion", "1.1.3").end();
    xml.empty("organizations");
    xml.start("resources");
    List<ExportEntry> assessments = new ArrayList<>();
    for (Quiz quiz : quizzes) {
      String path = path(quiz);
      xml.start(
          "resource", "identifier", quiz.identifier(), "type", "imsqti_xmlv1p2", "href", path);
      xml.empty("file", "href", path);
      xml.end();
      assessments.add(
          ExportEntry.text(path, QtiAssessment.write(quiz, QtiAssessment.Profile.CANVAS)));
    }
    xml.end().end();
    List<ExportEntry> entries = new ArrayList<>();
    entries.add(ExportEntry.text("imsmanifest.xml", xml.toString()));
    entries.addAll(assessments);
    return new ExportPlan(
        ExportFormat.QTI,
        Names.fileName(course, ExportFormat.QTI, "zip"),
        WRITER,
        entries,
        new ExportPlan.Expectation(null, "imscp", null, -1, "imsmanifest.xml"));
  }

  /** Where a quiz's assessment goes. */
  static String path(Quiz quiz) {
    return quiz.identifier() + "/" + quiz.identifier() + ".xml";
  }
}
