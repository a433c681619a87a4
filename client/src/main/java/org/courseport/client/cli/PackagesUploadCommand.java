package org.courseport.client.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.courseport.api.v1.PackageFinding;
import org.courseport.api.v1.ProcessPackageResponse;
import org.courseport.client.CourseportClient;
import org.courseport.client.ResumableUpload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code packages upload}: sends a zip with the resumable gRPC upload (progress bar with bytes,
 * rate and ETA; continues by itself after a dropped connection), then processes it into a package,
 * a new revision, or only a validation.
 */
@Command(
    name = "upload",
    description =
        "Upload a package zip (resumable: continues by itself after a dropped connection),"
            + " then process it into a package or a new revision, or only validate it.")
final class PackagesUploadCommand extends ClientCommand {
  @Parameters(paramLabel = "<zip>", description = "The package to upload.")
  Path zip;

  @Option(
      names = "--package-id",
      paramLabel = "ID",
      description = "Add the upload as a new revision of this package.")
  String packageId;

  @Option(names = "--validate-only", description = "Only validate the package; store nothing.")
  boolean validateOnly;

  @Option(names = "--uploaded-by", paramLabel = "NAME", description = "Who uploads (a label).")
  String uploadedBy;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "6",
      description =
          "Consecutive failed attempts (connection lost) before giving up (default ${DEFAULT-VALUE}).")
  int retries;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "1800",
      description = "How long to wait for the processing (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--json", description = "Print the processing result as JSON.")
  boolean json;

  /** Backoff before the first retry; doubles up to {@link #maxBackoff}. */
  Duration initialBackoff = Duration.ofMillis(500);

  Duration maxBackoff = Duration.ofSeconds(15);

  @Override
  void checkArguments() {
    if (retries < 1) {
      throw usage("--retries must be 1 or more");
    }
    if (validateOnly && packageId != null) {
      throw usage("--validate-only stores nothing: it cannot take --package-id");
    }
  }

  @Override
  int run(CourseportClient client) throws Exception {
    ProgressBar progress =
        new ProgressBar(err(), cli().stderrIsTerminal(), "uploading " + zip.getFileName());
    ResumableUpload.Result uploaded;
    try {
      uploaded =
          client
              .packages()
              .resumableUpload(zip)
              .uploadedBy(uploadedBy)
              .retries(retries, initialBackoff, maxBackoff)
              .progress(progress)
              .onRetry(
                  (attempt, max, failure, wait) -> {
                    progress.finish();
                    err()
                        .println(
                            String.format(
                                Locale.ROOT,
                                "connection lost (%s: %s); resuming in %.1f s (attempt %d of %d)",
                                failure.reasonOrCode(),
                                failure.getMessage(),
                                wait.toMillis() / 1000.0,
                                attempt + 1,
                                max));
                    err().flush();
                  })
              .run();
    } finally {
      progress.finish();
    }
    if (uploaded.attempts().size() > 1) {
      ResumableUpload.Attempt last = uploaded.attempts().get(uploaded.attempts().size() - 1);
      err()
          .println(
              "resumed at byte "
                  + last.offset()
                  + " of "
                  + uploaded.size()
                  + "; the last stream sent the remaining "
                  + last.receivedBytes());
    }
    err().println("upload " + uploaded.uploadId() + " complete, processing");
    err().flush();
    ProcessPackageResponse result =
        client
            .packages()
            .process(
                uploaded.tenantId(),
                uploaded.storagePath(),
                zip.getFileName().toString(),
                packageId,
                validateOnly,
                uploadedBy == null ? "" : uploadedBy,
                Duration.ofSeconds(timeoutSeconds));
    if (json) {
      Json.print(result, out());
      return 0;
    }
    if (validateOnly) {
      out().println("valid:    yes (validation only, nothing stored)");
    } else {
      out().println("package:  " + result.getPackageSummary().getPackageId());
      out().println("revision: " + result.getPackageSummary().getCurrentRevision());
    }
    out().println("title:    " + result.getManifest().getTitle());
    out().println("version:  " + result.getManifest().getVersion());
    out().println("standard: " + result.getManifest().getStandard());
    out().println("launch:   " + result.getManifest().getLaunchUrl());
    out().println("scos:     " + result.getManifest().getScoCount());
    out().println("upload:   " + uploaded.uploadId() + " (" + Sizes.human(uploaded.size()) + ")");
    out().println("sha256:   " + uploaded.sha256());
    if (result.getFindingsCount() == 0) {
      out().println("findings: none");
    } else {
      out().println("findings:");
      for (PackageFinding f : result.getFindingsList()) {
        out()
            .println(
                "  "
                    + f.getSeverity()
                    + " "
                    + f.getRule()
                    + (f.getFile().isEmpty() ? "" : " " + f.getFile())
                    + ": "
                    + f.getMessage());
      }
    }
    return 0;
  }
}
