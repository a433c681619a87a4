package org.courseport.client.cli;

import java.util.List;
import org.courseport.api.v1.ListTenantsResponse;
import org.courseport.api.v1.Tenant;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin tenants create|list|get}. */
@Command(
    name = "tenants",
    description = "Create, list and show tenants.",
    subcommands = {
      AdminTenantsCommand.Create.class,
      AdminTenantsCommand.ListTenants.class,
      AdminTenantsCommand.Get.class
    })
final class AdminTenantsCommand extends GroupCommand {

  static void print(Tenant t, java.io.PrintWriter out) {
    out.println("tenant:  " + t.getTenantId());
    out.println("uuid:    " + t.getUuid());
    out.println("name:    " + t.getName());
    out.println("plan:    " + t.getPlan());
    out.println("created: " + CourseText.time(t.getCreateTime()));
  }

  /** {@code admin tenants create --name NAME [--id ID] [--plan free|paid] [--json]}. */
  @Command(name = "create", description = "Create a tenant.")
  static final class Create extends ClientCommand {
    @Option(names = "--name", required = true, description = "Display name.")
    String name;

    @Option(names = "--id", description = "Tenant id (generated when absent).")
    String id;

    @Option(names = "--plan", description = "free or paid (default: the server's default plan).")
    String plan;

    @Option(names = "--json", description = "Print the tenant as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      Tenant t = client.admin().createTenant(id, name, plan);
      if (json) {
        Json.print(t, out());
      } else {
        print(t, out());
      }
      return 0;
    }
  }

  /** {@code admin tenants list [--json]}. */
  @Command(name = "list", description = "List every tenant, by id.")
  static final class ListTenants extends ClientCommand {
    @Option(names = "--json", description = "Print the tenants as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      List<Tenant> tenants = client.admin().listTenants();
      if (json) {
        Json.print(ListTenantsResponse.newBuilder().addAllTenants(tenants), out());
        return 0;
      }
      TextTable table = new TextTable("TENANT", "PLAN", "CREATED", "UUID", "NAME");
      for (Tenant t : tenants) {
        table.row(
            t.getTenantId(),
            t.getPlan(),
            CourseText.time(t.getCreateTime()),
            t.getUuid(),
            t.getName());
      }
      table.print(out());
      return 0;
    }
  }

  /** {@code admin tenants get ID [--json]}. */
  @Command(name = "get", description = "Show one tenant (by id or UUID).")
  static final class Get extends ClientCommand {
    @Parameters(paramLabel = "TENANT", description = "Tenant id or UUID.")
    String tenantId;

    @Option(names = "--json", description = "Print the tenant as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      Tenant t = client.admin().getTenant(tenantId);
      if (json) {
        Json.print(t, out());
      } else {
        print(t, out());
      }
      return 0;
    }
  }
}
