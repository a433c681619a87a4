package org.courseport.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.courseport.api.v1.CourseExport;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code courses export ID [--format scorm12|scorm2004|scorm2004_4] [--multi-sco] [--out FILE]}:
 * exports the course as a SCORM package, prints its permanent download URL and share URL, and with
 * {@code --out} downloads the zip through DownloadCourseExport.
 */
@Command(
    name = "export",
    description = "Export a course as a SCORM package (LearningStudio export); needs a paid plan.")
final class CoursesExportCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "Course id.")
  String courseId;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "scorm12 (default), scorm2004 (3rd edition) or scorm2004_4 (4th edition).")
  String format;

  @Option(names = "--multi-sco", description = "One SCO per lesson instead of one for the course.")
  boolean multiSco;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Also download the zip to FILE (or into the directory, server's name).")
  Path out;

  @Override
  int run(CourseportClient client) throws Exception {
    CourseExport export = client.courseExports().export(courseId, format, multiSco);
    out().println("course:      " + export.getCourseId());
    out().println("format:      " + export.getFormat());
    out().println("exported at: " + export.getExportedAt());
    out().println("export id:   " + export.getExportId());
    out().println("size:        " + Sizes.human(export.getSize()));
    out().println("sha256:      " + export.getSha256());
    out().println("download:    " + export.getDownloadUrl());
    out().println("share:       " + export.getShareUrl());
    if (out != null) {
      Path written = client.courseExports().download(export, out);
      out().println("saved " + written.normalize() + " (" + Sizes.human(Files.size(written)) + ")");
    }
    return 0;
  }
}
