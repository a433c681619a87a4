package org.courseport.server.domain.tenant;

import java.util.Optional;

/** Stores tenants and their API keys. */
public interface TenantRepository {
  void insertTenant(Tenant tenant);

  Optional<Tenant> findTenant(String tenantId);

  long countTenants();

  /** Stores the tenant's plan; returns false when there is no such tenant. */
  boolean updatePlan(String tenantId, Plan plan);

  /** Inserts a key; throws DomainException ALREADY_EXISTS if the key id is taken. */
  void insertKey(ApiKey key);

  Optional<ApiKey> findKey(String keyId);
}
