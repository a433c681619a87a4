package org.courseport.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code courses download ID [--version N] [-o file]}: saves the stored package zip. */
@Command(name = "download", description = "Download the package zip of a course version.")
final class CoursesDownloadCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "Course id.")
  String courseId;

  @Mixin VersionOption version;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "File or directory to write (default: the current directory, server's name).")
  Path output;

  @Override
  int run(CourseportClient client) throws Exception {
    Path target = output != null ? output : Path.of(".");
    Path written = client.downloadZip(courseId, version.value(), target);
    out().println("saved " + written.normalize() + " (" + Sizes.human(Files.size(written)) + ")");
    return 0;
  }
}
