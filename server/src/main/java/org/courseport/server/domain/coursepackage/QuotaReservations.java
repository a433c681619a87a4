package org.courseport.server.domain.coursepackage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Package creations in flight per tenant, in one document per tenant with a version that every
 * change increments, so that {@link Quotas} can reserve the last slot of the package quota with one
 * conditional single-document update (optimistic on the version) instead of check-then-act.
 */
public interface QuotaReservations {

  /**
   * @param version changes with every reservation and release (0: none ever)
   * @param packages package creations reserved and not yet released
   * @param oldest when the oldest reservation was taken (null when none)
   */
  record State(long version, long packages, Instant oldest) {}

  /** The tenant's current state. */
  State read(String tenantId);

  /**
   * Adds the reservation {@code id} when the tenant's version is still {@code expectedVersion};
   * false (nothing changed) when another reservation or release came first.
   */
  boolean reserve(String tenantId, long expectedVersion, String id, Instant at);

  /** Removes the reservation {@code id} (no-op when already removed). */
  void release(String tenantId, String id);

  /** Removes the tenant's reservations taken before {@code cutoff} (left by a crashed process). */
  void releaseOlderThan(String tenantId, Instant cutoff);

  /** Reservations in this process's memory: for tests and single-process tools. */
  static QuotaReservations inMemory() {
    return new QuotaReservations() {
      private final Map<String, Map<String, Instant>> held = new LinkedHashMap<>();
      private final Map<String, Long> versions = new LinkedHashMap<>();

      @Override
      public synchronized State read(String tenantId) {
        Map<String, Instant> r = held.getOrDefault(tenantId, Map.of());
        Instant oldest = r.values().stream().min(Instant::compareTo).orElse(null);
        return new State(versions.getOrDefault(tenantId, 0L), r.size(), oldest);
      }

      @Override
      public synchronized boolean reserve(
          String tenantId, long expectedVersion, String id, Instant at) {
        if (versions.getOrDefault(tenantId, 0L) != expectedVersion) {
          return false;
        }
        held.computeIfAbsent(tenantId, t -> new LinkedHashMap<>()).put(id, at);
        versions.merge(tenantId, 1L, Long::sum);
        return true;
      }

      @Override
      public synchronized void release(String tenantId, String id) {
        Map<String, Instant> r = held.get(tenantId);
        if (r != null && r.remove(id) != null) {
          versions.merge(tenantId, 1L, Long::sum);
        }
      }

      @Override
      public synchronized void releaseOlderThan(String tenantId, Instant cutoff) {
        Map<String, Instant> r = held.getOrDefault(tenantId, Map.of());
        r.entrySet().stream()
            .filter(e -> e.getValue().isBefore(cutoff))
            .map(Map.Entry::getKey)
            .toList()
            .forEach(id -> release(tenantId, id));
      }
    };
  }
}
