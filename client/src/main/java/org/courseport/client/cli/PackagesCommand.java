package org.courseport.client.cli;

import org.courseport.api.v1.CoursePackage;
import org.courseport.api.v1.CurrentTenant;
import org.courseport.api.v1.ListPackagesResponse;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code packages}: the Allure package API's commands (resumable upload, packages). */
@Command(
    name = "packages",
    description = "Upload (resumable) and show packages of the Allure package API.",
    subcommands = {
      PackagesUploadCommand.class,
      PackagesCommand.Get.class,
      PackagesCommand.Launch.class,
      PackagesCommand.ListPackages.class,
      PackagesCommand.Tenant.class
    })
final class PackagesCommand extends GroupCommand {

  /** {@code packages list [--limit N] [--json]}: newest first, every page up to the limit. */
  @Command(name = "list", description = "List the tenant's packages, newest first.")
  static final class ListPackages extends ClientCommand {
    @Option(
        names = "--limit",
        defaultValue = "100",
        description = "Most packages to list (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the packages as JSON (the API's shape).")
    boolean json;

    @Override
    int run(CourseportClient client) {
      if (limit < 1) {
        throw usage("--limit must be at least 1, was " + limit);
      }
      String tenantId = client.packages().currentTenant().getTenantId();
      ListPackagesResponse.Builder all = ListPackagesResponse.newBuilder();
      String token = "";
      do {
        ListPackagesResponse page =
            client.packages().list(tenantId, Math.min(limit - all.getPackagesCount(), 100), token);
        all.addAllPackages(page.getPackagesList());
        token = page.getNextPageToken();
      } while (!token.isEmpty() && all.getPackagesCount() < limit);
      if (json) {
        Json.print(all, out());
        return 0;
      }
      TextTable table = new TextTable("PACKAGE", "REVISION", "VERSION", "SIZE", "TITLE");
      for (CoursePackage p : all.getPackagesList()) {
        table.row(
            p.getId(),
            Integer.toString(p.getCurrentRevision()),
            p.getVersion(),
            Sizes.human(p.getFileSizeBytes()),
            p.getTitle());
      }
      table.print(out());
      return 0;
    }
  }

  /** {@code packages tenant [--json]}: the caller's tenant id, quotas and usage. */
  @Command(
      name = "tenant",
      description = "Show your tenant_id (the Allure API's tenant UUID), quotas and usage.")
  static final class Tenant extends ClientCommand {
    @Option(names = "--json", description = "Print as JSON (the API's shape).")
    boolean json;

    @Override
    int run(CourseportClient client) {
      CurrentTenant t = client.packages().currentTenant();
      if (json) {
        Json.print(t, out());
        return 0;
      }
      out().println("tenant_id: " + t.getTenantId());
      out().println("packages:  " + t.getPackages() + " of " + limit(t.getMaxPackages()));
      out()
          .println(
              "stored:    "
                  + Sizes.human(t.getStoredBytes())
                  + " of "
                  + (t.getMaxStoredBytes() == 0
                      ? "unlimited"
                      : Sizes.human(t.getMaxStoredBytes())));
      return 0;
    }

    private static String limit(long n) {
      return n == 0 ? "unlimited" : Long.toString(n);
    }
  }

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

  /** {@code packages launch ID --user U --session S [--name N] [--json]}. */
  @Command(
      name = "launch",
      description = "Start or resume a tracked launch session; prints its launch URL.")
  static final class Launch extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "Package id.")
    String packageId;

    @Option(
        names = "--user",
        required = true,
        paramLabel = "U",
        description = "The learner's id (1..255 characters).")
    String user;

    @Option(
        names = "--session",
        required = true,
        paramLabel = "S",
        description = "The session id; a known one resumes that session.")
    String session;

    @Option(names = "--name", paramLabel = "N", description = "The learner's display name.")
    String name;

    @Option(names = "--json", description = "Print the answer as JSON (the API's shape).")
    boolean json;

    @Override
    int run(CourseportClient client) {
      org.courseport.api.v1.LaunchPackageRequest.Builder request =
          org.courseport.api.v1.LaunchPackageRequest.newBuilder()
              .setPackageId(packageId)
              .setUserId(user)
              .setSessionId(session);
      if (name != null) {
        request.setUserName(name);
      }
      org.courseport.api.v1.PackageLaunchResponse r = client.packages().launch(request.build());
      if (json) {
        Json.print(r, out());
        return 0;
      }
      out().println("launch:   " + r.getLaunchUrl());
      out().println("session:  " + r.getSessionId() + (r.getResumed() ? " (resumed)" : " (new)"));
      out().println("revision: " + r.getRevision());
      out().println("expires:  in " + r.getExpiresIn() + " s");
      return 0;
    }
  }
}
