package org.courseport.client.cli;

import org.courseport.api.v1.CoursePackage;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code packages}: the Allure package API's commands (resumable upload, packages). */
@Command(
    name = "packages",
    description = "Upload (resumable) and show packages of the Allure package API.",
    subcommands = {PackagesUploadCommand.class, PackagesCommand.Get.class})
final class PackagesCommand extends GroupCommand {

  /** {@code packages get ID [--json]}. */
  @Command(name = "get", description = "Show a package in its current revision.")
  static final class Get extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "Package id.")
    String packageId;

    @Option(names = "--json", description = "Print the package as JSON (the API's shape).")
    boolean json;

    @Override
    int run(CourseportClient client) {
      CoursePackage p = client.packages().get(packageId);
      if (json) {
        Json.print(p, out());
        return 0;
      }
      out().println("package:  " + p.getId());
      out().println("revision: " + p.getCurrentRevision());
      out().println("title:    " + p.getTitle());
      out().println("version:  " + p.getVersion());
      out().println("standard: " + p.getStandard());
      out().println("launch:   " + p.getLaunchUrl());
      out().println("size:     " + Sizes.human(p.getFileSizeBytes()));
      out()
          .println(
              "tags:     " + (p.getTagsCount() == 0 ? "none" : String.join(", ", p.getTagsList())));
      return 0;
    }
  }
}
