package org.courseport.client.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.client.AlreadyExistsException;
import org.courseport.client.CourseportClient;
import org.courseport.client.UploadOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code import}: uploads a zip (or has the server fetch a URL), then waits for the import job. */
@Command(
    name = "import",
    description = "Import a package from a local zip or a URL and wait for the result.")
final class ImportCommand extends ClientCommand {
  private static final String COURSE_EXISTS = "COURSE_EXISTS";

  @Parameters(arity = "0..1", paramLabel = "<zip>", description = "The package to upload.")
  Path zip;

  @Option(names = "--url", paramLabel = "URL", description = "Have the server fetch the package.")
  String url;

  @Option(names = "--course-id", required = true, paramLabel = "ID", description = "Course id.")
  String courseId;

  @Option(names = "--new-version", description = "Add a version if the course exists.")
  boolean newVersion;

  @Option(names = "--postback-url", paramLabel = "URL", description = "Notified when done.")
  String postbackUrl;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "1800",
      description = "How long to wait for the import job (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--json", description = "Print the import job result as JSON.")
  boolean json;

  @Override
  void checkArguments() {
    if ((zip == null) == (url == null)) {
      throw usage("give either a <zip> file or --url URL");
    }
  }

  @Override
  int run(CourseportClient client) throws Exception {
    UploadOptions options =
        UploadOptions.forCourse(courseId).withNewVersion(newVersion).withPostbackUrl(postbackUrl);
    String jobId;
    try {
      jobId = zip != null ? upload(client, options) : client.fetchAndImport(url, options);
    } catch (AlreadyExistsException e) {
      if (!COURSE_EXISTS.equals(e.reason())) {
        throw e;
      }
      err().println("error: " + courseExists());
      return CourseportCli.EXIT_FAILURE;
    }
    err().println("import job " + jobId + " started, waiting for it to finish");
    err().flush();
    ImportJobResult result = client.waitForImport(jobId, Duration.ofSeconds(timeoutSeconds));
    if (json) {
      Json.print(result, out());
    }
    if (result.getStatus() != ImportJobResult.Status.COMPLETE) {
      err()
          .println(
              "error: import job "
                  + jobId
                  + " failed: "
                  + ErrorMessages.inCliTerms(result.getMessage(), spec));
      return CourseportCli.EXIT_FAILURE;
    }
    if (!json) {
      CourseText.importResult(result.getImportResult(), out());
    }
    return 0;
  }

  /** The COURSE_EXISTS refusal in the command line's own terms (its flag, not the API's). */
  private String courseExists() {
    return "course '"
        + courseId
        + "' already exists; pass --new-version to import the package as"
        + " a new version of it ("
        + COURSE_EXISTS
        + ")";
  }

  private String upload(CourseportClient client, UploadOptions options) throws Exception {
    ProgressBar progress =
        new ProgressBar(err(), cli().stderrIsTerminal(), "uploading " + zip.getFileName());
    try {
      return client.uploadAndImport(zip, options, progress);
    } finally {
      progress.finish();
    }
  }
}
