package org.courseport.client.cli;

import picocli.CommandLine.Command;

/** {@code admin}: the operator's tenants, API keys, quotas and plans (needs the admin scope). */
@Command(
    name = "admin",
    description = "Manage tenants, API keys, quotas and plans (the key needs the admin scope).",
    subcommands = {
      AdminTenantsCommand.class,
      AdminKeysCommand.class,
      AdminQuotasCommand.class,
      AdminPlansCommand.class
    })
final class AdminCommand extends GroupCommand {}
