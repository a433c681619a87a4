package org.courseport.client.cli;

import java.util.ArrayList;
import java.util.List;
import org.courseport.api.v1.ApiKey;
import org.courseport.api.v1.CreateApiKeyResponse;
import org.courseport.api.v1.ListApiKeysResponse;
import org.courseport.api.v1.RotateApiKeyResponse;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin keys create|list|rotate|revoke}. */
@Command(
    name = "keys",
    description = "Create, list, rotate and revoke a tenant's API keys.",
    subcommands = {
      AdminKeysCommand.Create.class,
      AdminKeysCommand.ListKeys.class,
      AdminKeysCommand.Rotate.class,
      AdminKeysCommand.Revoke.class
    })
final class AdminKeysCommand extends GroupCommand {

  /** {@code admin keys create TENANT [--name N] [--scope S]... [--json]}. */
  @Command(name = "create", description = "Create a key; prints its secret, shown only this once.")
  static final class Create extends ClientCommand {
    @Parameters(paramLabel = "TENANT", description = "Tenant id or UUID.")
    String tenantId;

    @Option(names = "--name", description = "A label for the key.")
    String name;

    @Option(
        names = "--scope",
        split = ",",
        paramLabel = "SCOPE",
        description =
            "Scope (repeat or comma-separate): read, write, delete, admin, or action:area"
                + " (areas: course, package, export, content, webhook). Default: read,write,delete.")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--json", description = "Print the key and its secret as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      CreateApiKeyResponse created = client.admin().createKey(tenantId, name, scopes);
      if (json) {
        Json.print(created, out());
      } else {
        ApiKey k = created.getApiKey();
        out().println("key:         " + k.getKeyId());
        out().println("tenant:      " + k.getTenantId());
        out().println("scopes:      " + String.join(",", k.getScopesList()));
        out().println("credentials: " + created.getCredentials());
      }
      err().println("Store the secret now: it is not shown again.");
      return 0;
    }
  }

  /** {@code admin keys list TENANT [--json]}. */
  @Command(name = "list", description = "List a tenant's keys (never their secrets).")
  static final class ListKeys extends ClientCommand {
    @Parameters(paramLabel = "TENANT", description = "Tenant id or UUID.")
    String tenantId;

    @Option(names = "--json", description = "Print the keys as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      List<ApiKey> keys = client.admin().listKeys(tenantId);
      if (json) {
        Json.print(ListApiKeysResponse.newBuilder().addAllApiKeys(keys), out());
        return 0;
      }
      TextTable table =
          new TextTable("KEY", "STATE", "CREATED", "OLD SECRET UNTIL", "SCOPES", "NAME");
      for (ApiKey k : keys) {
        table.row(
            k.getKeyId(),
            k.getRevoked() ? "revoked " + CourseText.time(k.getRevokeTime()) : "live",
            CourseText.time(k.getCreateTime()),
            CourseText.time(k.getPreviousSecretExpireTime()),
            String.join(",", k.getScopesList()),
            k.getName());
      }
      table.print(out());
      return 0;
    }
  }

  /** {@code admin keys rotate KEY [--grace-seconds N] [--json]}. */
  @Command(
      name = "rotate",
      description =
          "Give a key a new secret, shown only this once; the old one works until the grace ends.")
  static final class Rotate extends ClientCommand {
    @Parameters(paramLabel = "KEY", description = "Key id.")
    String keyId;

    @Option(
        names = "--grace-seconds",
        paramLabel = "N",
        description = "Seconds the old secret keeps working (default: the server's, one day).")
    Long graceSeconds;

    @Option(names = "--json", description = "Print the key and its new secret as JSON.")
    boolean json;

    @Override
    void checkArguments() {
      if (graceSeconds != null && graceSeconds < 0) {
        throw usage("--grace-seconds must not be negative");
      }
    }

    @Override
    int run(CourseportClient client) {
      RotateApiKeyResponse rotated = client.admin().rotateKey(keyId, graceSeconds);
      if (json) {
        Json.print(rotated, out());
      } else {
        out().println("key:              " + rotated.getApiKey().getKeyId());
        out().println("credentials:      " + rotated.getCredentials());
        out()
            .println(
                "old secret until: "
                    + CourseText.time(rotated.getApiKey().getPreviousSecretExpireTime()));
      }
      err().println("Store the secret now: it is not shown again.");
      return 0;
    }
  }

  /** {@code admin keys revoke KEY}. */
  @Command(name = "revoke", description = "Revoke a key: its next request is refused.")
  static final class Revoke extends ClientCommand {
    @Parameters(paramLabel = "KEY", description = "Key id.")
    String keyId;

    @Override
    int run(CourseportClient client) {
      ApiKey k = client.admin().revokeKey(keyId);
      out()
          .println(
              "revoked API key '" + k.getKeyId() + "' at " + CourseText.time(k.getRevokeTime()));
      return 0;
    }
  }
}
