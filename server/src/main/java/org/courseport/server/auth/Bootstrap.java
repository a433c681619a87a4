package org.courseport.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Tenant;
import org.courseport.server.domain.tenant.TenantRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first tenant and its key on an empty store: from {@code COURSEPORT_BOOTSTRAP_KEY}
 * ({@code id:secret}) when set, otherwise a generated key that is printed once and written to
 * {@code <data dir>/bootstrap-key} (readable by the owner only).
 */
public final class Bootstrap {
  /** The id of the tenant created on first start. */
  public static final String DEFAULT_TENANT = "default";

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
    tenants.insertKey(new ApiKey(keyId, DEFAULT_TENANT, hasher.hash(secret), clock.instant()));
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
}
