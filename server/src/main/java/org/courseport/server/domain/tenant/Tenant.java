package org.courseport.server.domain.tenant;

import java.time.Instant;

/**
 * A tenant: an application whose courses and settings are isolated from every other's.
 *
 * @param plan the plan stored for the tenant, or null when none was ever set (then {@link
 *     TenantPlans} decides: the bootstrap tenant is paid, others get the configured default)
 */
public record Tenant(String id, String name, Instant created, Plan plan) {

  /** A tenant without a stored plan. */
  public Tenant(String id, String name, Instant created) {
    this(id, name, created, null);
  }
}
