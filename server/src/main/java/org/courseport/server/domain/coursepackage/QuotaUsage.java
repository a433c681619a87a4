package org.courseport.server.domain.coursepackage;

/** What a tenant stores, for its quotas. */
public interface QuotaUsage {

  /**
   * Bytes the tenant stores: its packages' zips and its stored uploads, each distinct blob once
   * (revisions and uploads with the same bytes share one blob).
   */
  long storedBytes(String tenantId);
}
