package org.courseport.server.webhooks;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.courseport.server.domain.postback.PostbackDelivery;
import org.courseport.server.domain.postback.PostbackDeliveryRepository;

/** PostbackDeliveryRepository in memory, for sender tests. */
final class MemoryDeliveryRepository implements PostbackDeliveryRepository {
  final Map<String, PostbackDelivery> byId = new ConcurrentHashMap<>();

  @Override
  public void insert(PostbackDelivery delivery) {
    byId.put(delivery.deliveryId(), delivery);
  }

  @Override
  public void addAttempt(String deliveryId, PostbackDelivery.Attempt attempt) {
    byId.computeIfPresent(deliveryId, (id, d) -> d.withAttempt(attempt));
  }

  @Override
  public void finish(String deliveryId, PostbackDelivery.Status status, Instant at) {
    byId.computeIfPresent(deliveryId, (id, d) -> d.finishedAs(status, at));
  }

  @Override
  public Optional<PostbackDelivery> find(String deliveryId) {
    return Optional.ofNullable(byId.get(deliveryId));
  }

  @Override
  public List<PostbackDelivery> findByJob(String tenantId, String jobId) {
    return byId.values().stream()
        .filter(d -> d.tenantId().equals(tenantId) && d.jobId().equals(jobId))
        .sorted(Comparator.comparing(PostbackDelivery::created))
        .toList();
  }

  @Override
  public long deleteCreatedBefore(Instant before) {
    long n = byId.values().stream().filter(d -> d.created().isBefore(before)).count();
    byId.values().removeIf(d -> d.created().isBefore(before));
    return n;
  }
}
