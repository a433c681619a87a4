package org.courseport.client.cli;

import java.nio.file.Path;
import org.courseport.api.v1.ValidationReport;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code validate}: checks a package on the server without storing it; exit 1 when invalid. */
@Command(name = "validate", description = "Validate a package without importing it.")
final class ValidateCommand extends ClientCommand {
  @Parameters(paramLabel = "<zip>", description = "The package to validate.")
  Path zip;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  int run(CourseportClient client) throws Exception {
    ProgressBar progress =
        new ProgressBar(err(), cli().stderrIsTerminal(), "uploading " + zip.getFileName());
    ValidationReport report;
    try {
      report = client.validate(zip, progress);
    } finally {
      progress.finish();
    }
    if (json) {
      Json.print(report, out());
    } else {
      CourseText.report(report, out());
    }
    return report.getValid() ? 0 : CourseportCli.EXIT_FAILURE;
  }
}
