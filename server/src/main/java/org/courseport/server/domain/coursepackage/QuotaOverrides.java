package org.courseport.server.domain.coursepackage;

import java.util.Optional;

/** Per-tenant quota overrides, set by the operator. */
public interface QuotaOverrides {

  /**
   * One tenant's override.
   *
   * @param maxPackages packages (0: unlimited), or null for the configured default
   * @param maxBytes stored bytes (0: unlimited), or null for the configured default
   */
  record Values(Long maxPackages, Long maxBytes) {
    /** No override. */
    public static final Values NONE = new Values(null, null);
  }

  Optional<Values> find(String tenantId);

  /** Sets the non-null values (a single-document upsert). */
  void set(String tenantId, Long maxPackages, Long maxBytes);
}
