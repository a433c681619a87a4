package org.courseport.server.domain.tenant;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An API key: a public id and a secret, of which only a salted hash is stored.
 *
 * @param keyId public id (the user part of HTTP Basic)
 * @param tenantId the tenant the key acts for
 * @param secretHash encoded hash of the secret ({@link SecretHasher} format)
 * @param created when the key was created
 * @param name a label chosen by whoever created the key (may be empty)
 * @param scopes what the key may do ({@link Scopes}); never empty
 * @param revokedAt when the key was revoked, or null while it is live; a revoked key authenticates
 *     nothing
 * @param previousSecretHash after a rotation, the hash of the secret before it, or null
 * @param previousValidUntil until when {@code previousSecretHash} still authenticates (the
 *     rotation's grace period), or null
 */
public record ApiKey(
    String keyId,
    String tenantId,
    String secretHash,
    Instant created,
    String name,
    Set<String> scopes,
    Instant revokedAt,
    String previousSecretHash,
    Instant previousValidUntil) {

  public ApiKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(tenantId, "tenantId");
    name = name == null ? "" : name;
    scopes = scopes == null || scopes.isEmpty() ? Scopes.TENANT_DEFAULT : Set.copyOf(scopes);
  }

  /** A live key with the tenant's default scopes ({@link Scopes#TENANT_DEFAULT}), as before. */
  public ApiKey(String keyId, String tenantId, String secretHash, Instant created) {
    this(keyId, tenantId, secretHash, created, "", Scopes.TENANT_DEFAULT, null, null, null);
  }

  /** A live key with the given scopes. */
  public ApiKey(
      String keyId, String tenantId, String secretHash, Instant created, Set<String> scopes) {
    this(keyId, tenantId, secretHash, created, "", scopes, null, null, null);
  }

  /** Whether the key was revoked. */
  public boolean revoked() {
    return revokedAt != null;
  }
}
