package org.courseport.server.storage.mongo.course;

import static org.courseport.server.storage.mongo.support.DocumentValues.documents;
import static org.courseport.server.storage.mongo.support.DocumentValues.enumValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.intValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.name;
import static org.courseport.server.storage.mongo.support.DocumentValues.strings;

import java.util.List;
import org.bson.Document;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.domain.packaging.ValidationReport;

/** Maps a {@link ValidationReport} and its findings to a nested document. */
final class ValidationReportMapper {
  private ValidationReportMapper() {}

  static Document toDocument(ValidationReport report) {
    if (report == null) {
      return null;
    }
    List<Document> findings =
        report.findings().stream().map(ValidationReportMapper::finding).toList();
    return new Document("packageFormat", report.packageFormat())
        .append("standard", name(report.standard()))
        .append("findings", findings)
        .append("schemas", report.schemas());
  }

  static ValidationReport fromDocument(Document doc) {
    if (doc == null) {
      return null;
    }
    List<Finding> findings =
        documents(doc, "findings").stream().map(ValidationReportMapper::finding).toList();
    return new ValidationReport(
        doc.getString("packageFormat"),
        enumValue(LearningStandard.class, doc, "standard"),
        findings,
        strings(doc, "schemas"));
  }

  private static Document finding(Finding f) {
    return new Document("severity", name(f.severity()))
        .append("rule", f.rule())
        .append("file", f.file())
        .append("line", f.line())
        .append("element", f.element())
        .append("message", f.message());
  }

  private static Finding finding(Document doc) {
    return new Finding(
        enumValue(Severity.class, doc, "severity"),
        doc.getString("rule"),
        doc.getString("file"),
        intValue(doc, "line"),
        doc.getString("element"),
        doc.getString("message"));
  }
}
