package org.courseport.client.cli;

import org.courseport.api.v1.Tenant;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code admin plans set TENANT PLAN}. */
@Command(
    name = "plans",
    description = "Set a tenant's plan.",
    subcommands = {AdminPlansCommand.Set.class})
final class AdminPlansCommand extends GroupCommand {

  /** {@code admin plans set TENANT free|paid}. */
  @Command(name = "set", description = "Set a tenant's plan: free or paid (applies at once).")
  static final class Set extends ClientCommand {
    @Parameters(index = "0", paramLabel = "TENANT", description = "Tenant id or UUID.")
    String tenantId;

    @Parameters(index = "1", paramLabel = "PLAN", description = "free or paid.")
    String plan;

    @Override
    int run(CourseportClient client) {
      Tenant t = client.admin().setPlan(tenantId, plan);
      out().println("tenant '" + t.getTenantId() + "' is on the " + t.getPlan() + " plan");
      return 0;
    }
  }
}
