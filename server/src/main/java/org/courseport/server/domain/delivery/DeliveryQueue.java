package org.courseport.server.domain.delivery;

/**
 * Where the domain hands deliveries to: stored at once, then sent (and retried) in the background.
 */
public interface DeliveryQueue {
  /** Stores the delivery durably, then schedules it; returns the stored delivery. */
  Delivery enqueue(NewDelivery delivery);
}
