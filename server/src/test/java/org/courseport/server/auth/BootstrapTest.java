package org.courseport.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.InMemoryTenants;
import org.courseport.server.domain.tenant.Scopes;
import org.courseport.server.domain.tenant.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bootstrap key holds admin, and a bootstrap key stored before scopes is given it once. */
class BootstrapTest {
  private final SecretHasher hasher = new SecretHasher(SecretHasher.MIN_ITERATIONS, 10);
  private final InMemoryTenants tenants = new InMemoryTenants();
  @TempDir Path dir;

  @Test
  void newBootstrapKey_holdsReadWriteDeleteAndAdmin() throws Exception {
    Bootstrap.ensureTenant(tenants, hasher, "boot:s3cret", dir, Clock.systemUTC());

    ApiKey key = tenants.findKey("boot").orElseThrow();
    assertThat(key.scopes()).containsExactlyInAnyOrder("read", "write", "delete", "admin");
    assertThat(key.tenantId()).isEqualTo(Bootstrap.DEFAULT_TENANT);
  }

  @Test
  void generatedBootstrapKey_holdsAdminToo() throws Exception {
    String pair =
        Bootstrap.ensureTenant(tenants, hasher, null, dir, Clock.systemUTC()).orElseThrow();
    ApiKey key = tenants.findKey(pair.substring(0, pair.indexOf(':'))).orElseThrow();
    assertThat(key.scopes()).contains(Scopes.ADMIN);
  }

  private void legacyStore(String keyId, String secret) {
    tenants.insertTenant(new Tenant(Bootstrap.DEFAULT_TENANT, "Default", Instant.EPOCH));
    tenants.insertLegacyKey(
        new ApiKey(keyId, Bootstrap.DEFAULT_TENANT, hasher.hash(secret), Instant.EPOCH));
  }

  @Test
  void legacyBootstrapKey_namedByTheConfiguredPair_getsAdminOnce() throws Exception {
    legacyStore("boot", "s3cret");
    assertThat(tenants.findKey("boot").orElseThrow().scopes()).isEqualTo(Scopes.TENANT_DEFAULT);

    Bootstrap.ensureTenant(tenants, hasher, "boot:s3cret", dir, Clock.systemUTC());

    assertThat(tenants.findKey("boot").orElseThrow().scopes()).isEqualTo(Bootstrap.SCOPES);
    assertThat(Bootstrap.upgradeStoredKey(tenants, hasher, "boot:s3cret", dir))
        .as("once: its scopes are stored now")
        .isFalse();
  }

  @Test
  void legacyBootstrapKey_namedByTheBootstrapKeyFile_getsAdmin() throws Exception {
    legacyStore("GENERATED", "filesecret");
    Files.writeString(
        dir.resolve("bootstrap-key"), "GENERATED:filesecret\n", StandardCharsets.UTF_8);

    Bootstrap.ensureTenant(tenants, hasher, null, dir, Clock.systemUTC());

    assertThat(tenants.findKey("GENERATED").orElseThrow().scopes()).contains(Scopes.ADMIN);
  }

  @Test
  void legacyKey_isNotUpgraded_withAWrongSecret_anotherTenant_orStoredScopes() throws Exception {
    legacyStore("boot", "s3cret");
    assertThat(Bootstrap.upgradeStoredKey(tenants, hasher, "boot:wrong", dir)).isFalse();
    assertThat(tenants.findKey("boot").orElseThrow().scopes()).doesNotContain(Scopes.ADMIN);

    tenants.insertLegacyKey(new ApiKey("other", "t2", hasher.hash("x"), Instant.EPOCH));
    assertThat(Bootstrap.upgradeStoredKey(tenants, hasher, "other:x", dir)).isFalse();

    tenants.insertKey(
        new ApiKey(
            "scoped", Bootstrap.DEFAULT_TENANT, hasher.hash("y"), Instant.EPOCH, Set.of("read")));
    assertThat(Bootstrap.upgradeStoredKey(tenants, hasher, "scoped:y", dir)).isFalse();
    assertThat(tenants.findKey("scoped").orElseThrow().scopes()).containsExactly("read");

    assertThat(Bootstrap.upgradeStoredKey(tenants, hasher, null, dir))
        .as("no pair configured and no file")
        .isFalse();
  }
}
