package org.courseport.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work queue gauges, per queue: {@code courseport_queue_depth} (items waiting or running) and
 * {@code courseport_queue_oldest_age_seconds} (age of the oldest, 0 when empty). They read counts
 * by query, at most once per {@code cacheFor} however often Prometheus scrapes.
 */
public final class QueueGauges {
  private static final Logger log = LoggerFactory.getLogger(QueueGauges.class);

  /** Import jobs not ended. */
  public static final String IMPORTS = "imports";

  /** Webhook and postback deliveries pending. */
  public static final String DELIVERIES = "deliveries";

  /** Canvas content exports created or exporting. */
  public static final String CONTENT_EXPORTS = "content_exports";

  /** The queues the gauges report. */
  public static final List<String> QUEUES = List.of(IMPORTS, DELIVERIES, CONTENT_EXPORTS);

  /** One queue's state: its length and its oldest item's creation time (null when empty). */
  public record Snapshot(long depth, Instant oldest) {}

  /** Reads every queue's state (by query). */
  @FunctionalInterface
  public interface Probe {
    Map<String, Snapshot> read();
  }

  private final Probe probe;
  private final Clock clock;
  private final Duration cacheFor;
  private Instant readAt;
  private Map<String, Snapshot> last = Map.of();

  private QueueGauges(Probe probe, Clock clock, Duration cacheFor) {
    this.probe = probe;
    this.clock = clock;
    this.cacheFor = cacheFor;
  }

  /** Registers the gauges of every queue in {@link #QUEUES}. */
  public static QueueGauges register(
      MeterRegistry registry, Probe probe, Clock clock, Duration cacheFor) {
    QueueGauges gauges = new QueueGauges(probe, clock, cacheFor);
    for (String queue : QUEUES) {
      Gauge.builder("courseport.queue.depth", gauges, g -> g.depth(queue))
          .description("Items waiting or running in the queue")
          .tag("queue", queue)
          .register(registry);
      Gauge.builder("courseport.queue.oldest.age", gauges, g -> g.oldestAgeSeconds(queue))
          .description("Age of the queue's oldest item (0 when empty)")
          .baseUnit("seconds")
          .tag("queue", queue)
          .register(registry);
    }
    return gauges;
  }

  double depth(String queue) {
    Snapshot s = snapshot(queue);
    return s == null ? Double.NaN : s.depth();
  }

  double oldestAgeSeconds(String queue) {
    Snapshot s = snapshot(queue);
    if (s == null) {
      return Double.NaN;
    }
    if (s.oldest() == null) {
      return 0;
    }
    return Math.max(0, Duration.between(s.oldest(), clock.instant()).toMillis() / 1000.0);
  }

  private synchronized Snapshot snapshot(String queue) {
    Instant now = clock.instant();
    if (readAt == null || !now.isBefore(readAt.plus(cacheFor))) {
      try {
        last = Map.copyOf(probe.read());
      } catch (RuntimeException e) {
        // The store is unreachable: no values (NaN) rather than stale ones.
        log.debug("Reading the queue gauges failed", e);
        last = Map.of();
      }
      readAt = now;
    }
    return last.get(queue);
  }
}
