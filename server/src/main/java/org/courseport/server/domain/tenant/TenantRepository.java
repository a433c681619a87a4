package org.courseport.server.domain.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Stores tenants and their API keys. */
public interface TenantRepository {
  void insertTenant(Tenant tenant);

  Optional<Tenant> findTenant(String tenantId);

  long countTenants();

  /**
   * Up to {@code limit} tenants in ascending id order, starting after {@code afterTenantId} (null
   * or empty: from the first). The id of the last one returned is the cursor of the next page.
   */
  List<Tenant> listTenants(String afterTenantId, int limit);

  /** Stores the tenant's plan; returns false when there is no such tenant. */
  boolean updatePlan(String tenantId, Plan plan);

  /** Inserts a key; throws DomainException ALREADY_EXISTS if the key id is taken. */
  void insertKey(ApiKey key);

  Optional<ApiKey> findKey(String keyId);

  /** The tenant's keys, revoked ones included, oldest first (ties by key id). */
  List<ApiKey> listKeys(String tenantId);

  /**
   * Replaces a live key's secret in one conditional update: only when the key is not revoked and
   * its stored hash is still {@code expectedHash} (the one the caller read), the hash becomes
   * {@code newHash} and {@code expectedHash} becomes the previous secret, valid until {@code
   * previousValidUntil}. Returns the updated key, or empty when the key is gone, revoked or was
   * rotated by someone else in between.
   */
  Optional<ApiKey> rotateKey(
      String keyId, String expectedHash, String newHash, Instant previousValidUntil);

  /**
   * Marks a live key revoked at {@code at} in one conditional update. Returns the revoked key, or
   * empty when there is no such key or it was already revoked.
   */
  Optional<ApiKey> revokeKey(String keyId, Instant at);

  /**
   * Gives {@code scopes} to a key stored before keys had scopes (its document has no scopes field),
   * in one conditional update; a key whose scopes were ever stored is left alone. Returns whether
   * the key was changed.
   */
  boolean grantScopesIfUnset(String keyId, Set<String> scopes);

  /** How many keys that are not revoked hold {@code scope} literally (across all tenants). */
  long countLiveKeysWithScope(String scope);
}
