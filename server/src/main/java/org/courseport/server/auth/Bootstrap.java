package org.courseport.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Scopes;
import org.courseport.server.domain.tenant.Tenant;
import org.courseport.server.domain.tenant.TenantRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first tenant and its key on an empty store: from {@code COURSEPORT_BOOTSTRAP_KEY}
 * ({@code id:secret}) when set, otherwise a generated key that is printed once and written to
 * {@code <data dir>/bootstrap-key} (readable by the owner only). The bootstrap key holds {@link
 * #SCOPES}: read, write, delete and admin.
 *
 * <p>On a store that already has tenants, a bootstrap key stored before keys had scopes (which
 * reads as read/write/delete) is given {@link #SCOPES} once, so the operator keeps a key that can
 * call the admin RPCs. It is identified by the pair in {@code COURSEPORT_BOOTSTRAP_KEY} when set,
 * else by the pair in {@code <data dir>/bootstrap-key}; the key must belong to the default tenant
 * and the pair's secret must match its stored hash. A key whose scopes were ever stored is not
 * changed.
 */
public final class Bootstrap {
  /** The id of the tenant created on first start. */
  public static final String DEFAULT_TENANT = "default";

  /** The scopes of the bootstrap key. */
  public static final Set<String> SCOPES =
      Set.of(Scopes.READ, Scopes.WRITE, Scopes.DELETE, Scopes.ADMIN);

  private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

  private Bootstrap() {}

  /** Returns the generated {@code id:secret} when one was generated, else empty. */
  public static Optional<String> ensureTenant(
      TenantRepository tenants,
      SecretHasher hasher,
      String configuredKey,
      Path dataDir,
      Clock clock)
      throws IOException {
    if (tenants.countTenants() > 0) {
      upgradeStoredKey(tenants, hasher, configuredKey, dataDir);
      return Optional.empty();
    }
    String keyId;
    String secret;
    if (configuredKey != null) {
      String[] pair =
          Authenticator.parse("Bearer " + configuredKey)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "COURSEPORT_BOOTSTRAP_KEY must have the form id:secret"));
      keyId = pair[0];
      secret = pair[1];
    } else {
      keyId = SecretHasher.generateKeyId();
      secret = SecretHasher.generateSecret();
    }
    tenants.insertTenant(new Tenant(DEFAULT_TENANT, "Default tenant", clock.instant()));
    tenants.insertKey(
        new ApiKey(
            keyId,
            DEFAULT_TENANT,
            hasher.hash(secret),
            clock.instant(),
            "bootstrap",
            SCOPES,
            null,
            null,
            null));
    if (configuredKey != null) {
      log.info(
          "Created tenant '{}' with the key id '{}' from COURSEPORT_BOOTSTRAP_KEY",
          DEFAULT_TENANT,
          keyId);
      return Optional.empty();
    }
    String pair = keyId + ":" + secret;
    Path file = dataDir.resolve("bootstrap-key");
    Files.writeString(file, pair + "\n", StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      log.debug("No POSIX permissions on this file system");
    }
    // Printed once, on purpose: this is the only time the secret is shown.
    System.out.println("Courseport bootstrap API key (also in " + file + "): " + pair);
    return Optional.of(pair);
  }

  /**
   * Gives {@link #SCOPES} to the bootstrap key named by the configured pair or the bootstrap-key
   * file, when it was stored before keys had scopes. Returns whether it did.
   */
  static boolean upgradeStoredKey(
      TenantRepository tenants, SecretHasher hasher, String configuredKey, Path dataDir)
      throws IOException {
    String pairText = configuredKey;
    if (pairText == null) {
      Path file = dataDir.resolve("bootstrap-key");
      if (!Files.isRegularFile(file)) {
        return false;
      }
      pairText = Files.readString(file, StandardCharsets.UTF_8).trim();
    }
    Optional<String[]> pair = Authenticator.parse("Bearer " + pairText);
    if (pair.isEmpty()) {
      return false;
    }
    Optional<ApiKey> key = tenants.findKey(pair.get()[0]);
    if (key.isEmpty()
        || !DEFAULT_TENANT.equals(key.get().tenantId())
        || key.get().revoked()
        || !hasher.verify(pair.get()[1], key.get().secretHash())) {
      return false;
    }
    boolean granted = tenants.grantScopesIfUnset(key.get().keyId(), SCOPES);
    if (granted) {
      log.info(
          "Bootstrap key '{}' was stored before keys had scopes: it now holds {}",
          key.get().keyId(),
          new java.util.TreeSet<>(SCOPES));
    }
    return granted;
  }
}
