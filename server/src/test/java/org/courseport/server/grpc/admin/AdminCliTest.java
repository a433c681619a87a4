package org.courseport.server.grpc.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.courseport.server.testing.CliRun;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code courseport admin ...} against the real server over gRPC. */
class AdminCliTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ADMIN = CourseportServerExtension.KEY;

  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  static JsonNode json(CliRun run) throws Exception {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  @Test
  void tenants_createListGet() throws Exception {
    String id = "cli-" + UUID.randomUUID();
    CliRun created =
        CliRun.run(server, ADMIN, "admin", "tenants", "create", "--id", id, "--name", "Cli Co");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.outLines()).contains("tenant:  " + id, "name:    Cli Co", "plan:    free");

    CliRun list = CliRun.run(server, ADMIN, "admin", "tenants", "list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.outLines().get(0)).startsWith("TENANT");
    assertThat(list.out()).contains(id).contains("default");

    JsonNode got = json(CliRun.run(server, ADMIN, "admin", "tenants", "get", id, "--json"));
    assertThat(got.get("tenantId").asText()).isEqualTo(id);

    CliRun dup =
        CliRun.run(server, ADMIN, "admin", "tenants", "create", "--id", id, "--name", "Again");
    assertThat(dup.exitCode()).isEqualTo(1);
    assertThat(dup.errorLines()).hasSize(1);
    assertThat(dup.errorLines().get(0)).contains(id);
  }

  @Test
  void keys_createListRotateRevoke_theSecretsWork() throws Exception {
    String tenant = "cli-keys-" + UUID.randomUUID();
    json(
        CliRun.run(
            server, ADMIN, "admin", "tenants", "create", "--id", tenant, "--name", "K", "--json"));

    CliRun created =
        CliRun.run(
            server,
            ADMIN,
            "admin",
            "keys",
            "create",
            tenant,
            "--name",
            "ci",
            "--scope",
            "read,write:course");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.err()).contains("not shown again");
    String credentials =
        created.outLines().stream()
            .filter(l -> l.startsWith("credentials: "))
            .findFirst()
            .orElseThrow()
            .substring("credentials: ".length());
    String keyId = credentials.substring(0, credentials.indexOf(':'));
    assertThat(created.outLines()).contains("scopes:      read,write:course");

    // The new key works for the tenant's own calls.
    assertThat(CliRun.run(server, credentials, "courses", "list").exitCode()).isZero();

    CliRun list = CliRun.run(server, ADMIN, "admin", "keys", "list", tenant);
    assertThat(list.out()).contains(keyId).contains("live").doesNotContain(credentials);

    JsonNode rotated =
        json(
            CliRun.run(
                server, ADMIN, "admin", "keys", "rotate", keyId, "--grace-seconds", "0", "--json"));
    String newCredentials = rotated.get("credentials").asText();
    assertThat(CliRun.run(server, credentials, "courses", "list").exitCode())
        .as("grace 0: the old secret stops at once")
        .isEqualTo(1);
    assertThat(CliRun.run(server, newCredentials, "courses", "list").exitCode()).isZero();

    CliRun revoked = CliRun.run(server, ADMIN, "admin", "keys", "revoke", keyId);
    assertThat(revoked.exitCode()).isZero();
    assertThat(revoked.out()).startsWith("revoked API key '" + keyId + "'");
    CliRun refused = CliRun.run(server, newCredentials, "courses", "list");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(CliRun.run(server, ADMIN, "admin", "keys", "list", tenant).out())
        .contains("revoked");

    CliRun badScope =
        CliRun.run(server, ADMIN, "admin", "keys", "create", tenant, "--scope", "fly");
    assertThat(badScope.exitCode()).isEqualTo(1);
    assertThat(badScope.errorLines().get(0)).contains("'fly'");
  }

  @Test
  void quotasAndPlans() throws Exception {
    String tenant = "cli-q-" + UUID.randomUUID();
    json(
        CliRun.run(
            server, ADMIN, "admin", "tenants", "create", "--id", tenant, "--name", "Q", "--json"));

    CliRun set = CliRun.run(server, ADMIN, "admin", "quotas", "set", tenant, "--max-packages", "4");
    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(set.outLines()).contains("max packages:     4");
    JsonNode got = json(CliRun.run(server, ADMIN, "admin", "quotas", "get", tenant, "--json"));
    assertThat(got.get("maxPackages").asLong()).isEqualTo(4);
    assertThat(CliRun.run(server, ADMIN, "admin", "quotas", "set", tenant).exitCode())
        .as("nothing to set is a usage error")
        .isEqualTo(2);

    CliRun plan = CliRun.run(server, ADMIN, "admin", "plans", "set", tenant, "paid");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("is on the paid plan");
    CliRun bad = CliRun.run(server, ADMIN, "admin", "plans", "set", tenant, "gold");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.errorLines().get(0)).contains("gold");
  }
}
