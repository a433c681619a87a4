package org.courseport.client.cli;

import org.courseport.api.v1.QuotaStatus;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin quotas get|set}. */
@Command(
    name = "quotas",
    description = "Show and set a tenant's quotas.",
    subcommands = {AdminQuotasCommand.Get.class, AdminQuotasCommand.Set.class})
final class AdminQuotasCommand extends GroupCommand {

  static int print(QuotaStatus q, boolean json, java.io.PrintWriter out) {
    if (json) {
      Json.print(q, out);
      return 0;
    }
    out.println("tenant:           " + q.getTenantId());
    out.println("max packages:     " + limit(q.getMaxPackages()));
    out.println("max stored bytes: " + limit(q.getMaxStoredBytes()));
    out.println("packages:         " + q.getPackages());
    out.println("stored bytes:     " + q.getStoredBytes());
    return 0;
  }

  private static String limit(long value) {
    return value == 0 ? "unlimited" : Long.toString(value);
  }

  /** {@code admin quotas get TENANT [--json]}. */
  @Command(name = "get", description = "Show a tenant's quotas and usage.")
  static final class Get extends ClientCommand {
    @Parameters(paramLabel = "TENANT", description = "Tenant id or UUID.")
    String tenantId;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      return print(client.admin().getQuota(tenantId), json, out());
    }
  }

  /** {@code admin quotas set TENANT [--max-packages N] [--max-stored-bytes N] [--json]}. */
  @Command(name = "set", description = "Override a tenant's quotas (0 is unlimited).")
  static final class Set extends ClientCommand {
    @Parameters(paramLabel = "TENANT", description = "Tenant id or UUID.")
    String tenantId;

    @Option(names = "--max-packages", paramLabel = "N", description = "Packages allowed.")
    Long maxPackages;

    @Option(names = "--max-stored-bytes", paramLabel = "N", description = "Bytes allowed.")
    Long maxStoredBytes;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    void checkArguments() {
      if (maxPackages == null && maxStoredBytes == null) {
        throw usage("give --max-packages, --max-stored-bytes or both");
      }
    }

    @Override
    int run(CourseportClient client) {
      return print(client.admin().setQuota(tenantId, maxPackages, maxStoredBytes), json, out());
    }
  }
}
