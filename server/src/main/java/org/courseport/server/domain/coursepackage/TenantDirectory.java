package org.courseport.server.domain.coursepackage;

/** The stable public UUID of each tenant, which the Allure API shows as {@code tenant_id}. */
public interface TenantDirectory {

  /** The tenant's UUID; assigned once (a conditional update) when the tenant has none yet. */
  String uuidOf(String tenantId);

  /** The internal id of the tenant with this UUID. */
  java.util.Optional<String> tenantIdOf(String uuid);

  /** Gives every tenant without a UUID one; returns how many were assigned. */
  int assignMissing();
}
