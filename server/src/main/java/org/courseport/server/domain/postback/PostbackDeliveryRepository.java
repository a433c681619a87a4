package org.courseport.server.domain.postback;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stores postback deliveries and their attempts; every method is one atomic update. */
public interface PostbackDeliveryRepository {
  void insert(PostbackDelivery delivery);

  /** Appends an attempt to a delivery. */
  void addAttempt(String deliveryId, PostbackDelivery.Attempt attempt);

  /** Records how a delivery ended. */
  void finish(String deliveryId, PostbackDelivery.Status status, Instant at);

  Optional<PostbackDelivery> find(String deliveryId);

  /** Deliveries of one job, oldest first. */
  List<PostbackDelivery> findByJob(String tenantId, String jobId);

  /** Deletes deliveries created before the instant; returns how many. */
  long deleteCreatedBefore(Instant before);
}
