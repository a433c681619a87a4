package org.courseport.server.domain.tenant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.courseport.server.domain.DomainException;

/**
 * A {@link TenantRepository} in memory for unit tests, with the same conditional semantics as the
 * MongoDB one (which the contract tests cover).
 */
public final class InMemoryTenants implements TenantRepository {
  private final Map<String, Tenant> tenants = new ConcurrentSkipListMap<>();
  private final Map<String, ApiKey> keys = new ConcurrentSkipListMap<>();

  @Override
  public synchronized void insertTenant(Tenant tenant) {
    if (tenants.putIfAbsent(tenant.id(), tenant) != null) {
      throw DomainException.alreadyExists("TENANT_EXISTS", "tenant exists");
    }
  }

  @Override
  public Optional<Tenant> findTenant(String tenantId) {
    return Optional.ofNullable(tenants.get(tenantId));
  }

  @Override
  public long countTenants() {
    return tenants.size();
  }

  @Override
  public List<Tenant> listTenants(String afterTenantId, int limit) {
    return tenants.values().stream()
        .filter(t -> afterTenantId == null || t.id().compareTo(afterTenantId) > 0)
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean updatePlan(String tenantId, Plan plan) {
    Tenant t = tenants.get(tenantId);
    if (t == null) {
      return false;
    }
    tenants.put(tenantId, new Tenant(t.id(), t.name(), t.created(), plan));
    return true;
  }

  @Override
  public synchronized void insertKey(ApiKey key) {
    if (keys.putIfAbsent(key.keyId(), key) != null) {
      throw DomainException.alreadyExists("API_KEY_EXISTS", "key exists");
    }
  }

  @Override
  public Optional<ApiKey> findKey(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  @Override
  public List<ApiKey> listKeys(String tenantId) {
    List<ApiKey> out = new ArrayList<>();
    for (ApiKey k : keys.values()) {
      if (k.tenantId().equals(tenantId)) {
        out.add(k);
      }
    }
    out.sort(Comparator.comparing(ApiKey::created).thenComparing(ApiKey::keyId));
    return out;
  }

  @Override
  public synchronized Optional<ApiKey> rotateKey(
      String keyId, String expectedHash, String newHash, Instant previousValidUntil) {
    ApiKey k = keys.get(keyId);
    if (k == null || k.revoked() || !expectedHash.equals(k.secretHash())) {
      return Optional.empty();
    }
    ApiKey rotated =
        new ApiKey(
            k.keyId(),
            k.tenantId(),
            newHash,
            k.created(),
            k.name(),
            k.scopes(),
            null,
            expectedHash,
            previousValidUntil);
    keys.put(keyId, rotated);
    return Optional.of(rotated);
  }

  @Override
  public synchronized Optional<ApiKey> revokeKey(String keyId, Instant at) {
    ApiKey k = keys.get(keyId);
    if (k == null || k.revoked()) {
      return Optional.empty();
    }
    ApiKey revoked =
        new ApiKey(
            k.keyId(),
            k.tenantId(),
            k.secretHash(),
            k.created(),
            k.name(),
            k.scopes(),
            at,
            k.previousSecretHash(),
            k.previousValidUntil());
    keys.put(keyId, revoked);
    return Optional.of(revoked);
  }

  /** Keys inserted through {@link #insertLegacyKey}: stored without scopes. */
  private final Set<String> withoutScopes = ConcurrentHashMap.newKeySet();

  /** Stores a key as one stored before keys had scopes (it reads with the default scopes). */
  public void insertLegacyKey(ApiKey key) {
    insertKey(key);
    withoutScopes.add(key.keyId());
  }

  @Override
  public synchronized boolean grantScopesIfUnset(String keyId, Set<String> scopes) {
    ApiKey k = keys.get(keyId);
    if (k == null || !withoutScopes.remove(keyId)) {
      return false;
    }
    keys.put(
        keyId,
        new ApiKey(
            k.keyId(),
            k.tenantId(),
            k.secretHash(),
            k.created(),
            k.name(),
            scopes,
            k.revokedAt(),
            k.previousSecretHash(),
            k.previousValidUntil()));
    return true;
  }

  @Override
  public long countLiveKeysWithScope(String scope) {
    return keys.values().stream().filter(k -> !k.revoked() && k.scopes().contains(scope)).count();
  }
}
