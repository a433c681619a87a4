package org.courseport.client.cli;

import com.google.protobuf.Timestamp;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseActivity;
import org.courseport.api.v1.ImportResult;
import org.courseport.api.v1.ValidationFinding;
import org.courseport.api.v1.ValidationReport;

/** Text renderings of courses, import results and validation reports. */
final class CourseText {
  private CourseText() {}

  static void importResult(ImportResult result, PrintWriter out) {
    Course course = result.getCourse();
    out.println("course:   " + course.getId());
    out.println("version:  " + course.getVersion());
    out.println("standard: " + course.getCourseLearningStandard());
    out.println("title:    " + course.getTitle());
    List<String> warnings = result.getParserWarningsList();
    out.println("warnings: " + (warnings.isEmpty() ? "none" : warnings.size()));
    warnings.forEach(warning -> out.println("  - " + warning));
  }

  static void course(Course course, PrintWriter out) {
    out.println("id:       " + course.getId());
    out.println("title:    " + course.getTitle());
    out.println("version:  " + course.getVersion());
    out.println("standard: " + course.getCourseLearningStandard());
    out.println("format:   " + course.getPackageFormat());
    out.println("launch:   " + course.getLaunchUrl());
    out.println("created:  " + time(course.getCreated()));
    out.println("updated:  " + time(course.getUpdated()));
    out.println("tags:     " + String.join(", ", course.getTagsList()));
    if (course.hasRootActivity()) {
      out.println("activities:");
      activity(course.getRootActivity(), 1, out);
    }
  }

  static TextTable courseTable(List<Course> courses) {
    TextTable table = new TextTable("ID", "VERSION", "STANDARD", "UPDATED", "TAGS", "TITLE");
    for (Course course : courses) {
      table.row(
          course.getId(),
          course.getVersion(),
          course.getCourseLearningStandard(),
          time(course.getUpdated()),
          String.join(",", course.getTagsList()),
          course.getTitle());
    }
    return table;
  }

  /** One line per finding, {@code SEVERITY rule file:line message}, then a summary line. */
  static void report(ValidationReport report, PrintWriter out) {
    for (ValidationFinding finding : report.getFindingsList()) {
      out.println(
          finding.getSeverity()
              + " "
              + finding.getRule()
              + " "
              + where(finding)
              + " "
              + finding.getMessage());
    }
    out.println(
        (report.getValid() ? "valid" : "invalid")
            + ": "
            + count(report.getErrorCount(), "error")
            + ", "
            + count(report.getWarningCount(), "warning")
            + " ("
            + (report.getPackageFormat().isEmpty() ? "unknown format" : report.getPackageFormat())
            + ")");
  }

  static String time(Timestamp timestamp) {
    if (timestamp.getSeconds() == 0 && timestamp.getNanos() == 0) {
      return "-";
    }
    return Instant.ofEpochSecond(timestamp.getSeconds()).toString();
  }

  private static void activity(CourseActivity activity, int depth, PrintWriter out) {
    String href = activity.getHref().isEmpty() ? "" : " " + activity.getHref();
    out.println(
        "  ".repeat(depth)
            + "- "
            + activity.getTitle()
            + " ("
            + activity.getActivityType()
            + ")"
            + href);
    activity.getChildrenList().forEach(child -> activity(child, depth + 1, out));
  }

  private static String where(ValidationFinding finding) {
    String file = finding.getFile().isEmpty() ? "-" : finding.getFile();
    return finding.getLine() > 0 ? file + ":" + finding.getLine() : file;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
