package org.courseport.server.domain.coursepackage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quota reservations in flight per tenant (package creations and the bytes of uploads not yet
 * stored), in one document per tenant with a version that every change increments, so that {@link
 * Quotas} can take the last room of a quota with one conditional single-document update (optimistic
 * on the version) instead of check-then-act.
 */
public interface QuotaReservations {

  /**
   * One reservation.
   *
   * @param id the reservation's id (an upload id for bytes, a random id for a package creation)
   * @param packages package creations it holds (1 or 0)
   * @param bytes bytes it holds (0 for a package creation)
   * @param at when it was taken or last renewed (its lease runs from there)
   * @param until when it ends at the latest whatever its lease (null: only its lease ends it)
   */
  record Held(String id, long packages, long bytes, Instant at, Instant until) {}

  /**
   * @param version changes with every reservation and release (0: none ever)
   * @param held the reservations as stored, stale ones included
   */
  record State(long version, List<Held> held) {
    /** Package creations held, stale ones included. */
    public long packages() {
      return held.stream().mapToLong(Held::packages).sum();
    }

    /** Bytes held, stale ones included. */
    public long bytes() {
      return held.stream().mapToLong(Held::bytes).sum();
    }
  }

  /** The tenant's current state. */
  State read(String tenantId);

  /**
   * Replaces the tenant's reservations with {@code held} when its version is still {@code
   * expectedVersion} (incrementing it); false (nothing changed) when another reservation or release
   * came first.
   */
  boolean replace(String tenantId, long expectedVersion, List<Held> held);

  /** Reservations in this process's memory: for tests and single-process tools. */
  static QuotaReservations inMemory() {
    return new QuotaReservations() {
      private final Map<String, State> states = new LinkedHashMap<>();

      @Override
      public synchronized State read(String tenantId) {
        return states.getOrDefault(tenantId, new State(0, List.of()));
      }

      @Override
      public synchronized boolean replace(String tenantId, long expectedVersion, List<Held> held) {
        if (read(tenantId).version() != expectedVersion) {
          return false;
        }
        states.put(tenantId, new State(expectedVersion + 1, List.copyOf(held)));
        return true;
      }
    };
  }
}
