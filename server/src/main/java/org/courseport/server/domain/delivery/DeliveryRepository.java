package org.courseport.server.domain.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores deliveries. Senders of any replica claim due deliveries as leases with one conditional
 * update each; a lease not released by {@code leaseUntil} (its sender died) is taken over.
 */
public interface DeliveryRepository {
  /** Stores a new PENDING delivery; it is durable when this returns. */
  void insert(Delivery delivery);

  /**
   * Claims the PENDING delivery due longest ago (next attempt at or before {@code now}) that no
   * live lease holds, leasing it to {@code owner} until {@code leaseUntil}.
   */
  Optional<Delivery> claimDue(String owner, Instant now, Instant leaseUntil);

  /**
   * Records an attempt and the delivery's new state, and releases the lease, if {@code owner} still
   * holds it; false when the lease was lost (taken over after it expired).
   */
  boolean recordAttempt(String deliveryId, String owner, Delivery updated);

  Optional<Delivery> find(String deliveryId);

  /** Deliveries about one subject (an import job), oldest first. */
  List<Delivery> findBySubject(String tenantId, String subjectId);

  /** One page of an endpoint's deliveries, newest first, skipping {@code offset}. */
  List<Delivery> findByEndpoint(String tenantId, String endpointId, int offset, int limit);

  /** The earliest next attempt of a PENDING delivery, if any (to schedule the next pump). */
  Optional<Instant> nextDue();

  /** Deletes deliveries that ended before the instant; returns how many. */
  long deleteFinishedBefore(Instant before);
}
