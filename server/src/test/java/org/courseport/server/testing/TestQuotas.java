package org.courseport.server.testing;

import java.util.Optional;
import org.courseport.server.domain.coursepackage.QuotaOverrides;
import org.courseport.server.domain.coursepackage.Quotas;

/** Quotas for tests of the upload paths that are not about quotas. */
public final class TestQuotas {
  private TestQuotas() {}

  /** No package or byte limit, no override and no reservation store: every upload fits. */
  public static Quotas unlimited() {
    return new Quotas(
        null,
        tenantId -> 0,
        new QuotaOverrides() {
          @Override
          public Optional<Values> find(String tenantId) {
            return Optional.empty();
          }

          @Override
          public void set(String tenantId, Long maxPackages, Long maxBytes) {}
        },
        0,
        0);
  }
}
