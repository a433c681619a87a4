package org.courseport.server.webhooks;

import com.linecorp.armeria.common.HttpMethod;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.LogContext;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.domain.delivery.Delivery.Attempt;
import org.courseport.server.domain.delivery.Delivery.Status;
import org.courseport.server.domain.delivery.DeliveryQueue;
import org.courseport.server.domain.delivery.DeliveryRepository;
import org.courseport.server.domain.delivery.NewDelivery;
import org.courseport.server.net.AddressPolicy;
import org.courseport.server.net.FetchErrors;
import org.courseport.server.net.FetchTarget;
import org.courseport.server.net.PinnedHttpClient;
import org.courseport.server.net.PinnedResponse;
import org.courseport.server.net.Timeouts;
import org.courseport.server.net.UrlGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one delivery engine for webhooks and import postbacks. Every delivery is stored before it is
 * sent; senders of any replica claim due deliveries as leases, POST them through the SSRF guard
 * (redirects not followed), sign webhook deliveries, and record each attempt. Retried with
 * exponential backoff plus jitter: transport errors, timeouts, 408, 429 and 5xx. Final at once: 2xx
 * (DELIVERED), any other status, refused or malformed URLs, plain HTTP to a host not allowed, a
 * deleted endpoint. After {@link RetryPolicy#maxAttempts()} it is FAILED.
 *
 * <p>Delivery is at least once: a sender that dies after the receiver answered but before the
 * attempt was recorded leaves the lease to expire, and the delivery is sent again with the same
 * {@link Signatures#ID}, which receivers use to drop duplicates.
 */
public final class DeliveryEngine implements DeliveryQueue, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeliveryEngine.class);
  private static final Set<String> PERMANENT =
      Set.of(
          AddressPolicy.FORBIDDEN,
          FetchErrors.BAD_URL,
          PlainHttpRule.HTTPS_REQUIRED,
          "WEBHOOK_ENDPOINT_DELETED");

  /** The signing secret of a webhook endpoint, empty once it is deleted. */
  @FunctionalInterface
  public interface SigningSecrets {
    Optional<String> secret(String tenantId, String endpointId);
  }

  private final DeliveryRepository repository;
  private final UrlGuard guard;
  private final PlainHttpRule https;
  private final PinnedHttpClient client;
  private final SigningSecrets secrets;
  private final RetryPolicy policy;
  private final Clock clock;
  private final DoubleSupplier jitter;
  private final ScheduledExecutorService executor;
  private final String owner = "delivery-" + UUID.randomUUID();
  private final Map<String, CompletableFuture<Delivery>> watchers = new ConcurrentHashMap<>();
  private volatile boolean running;

  /**
   * @param jitter a value in [0, 1) per retry (random in production, fixed in tests)
   * @param executor runs the (blocking) attempts; the caller owns and shuts it down
   */
  public DeliveryEngine(
      DeliveryRepository repository,
      UrlGuard guard,
      PlainHttpRule https,
      PinnedHttpClient client,
      SigningSecrets secrets,
      RetryPolicy policy,
      Clock clock,
      DoubleSupplier jitter,
      ScheduledExecutorService executor) {
    this.repository = repository;
    this.guard = guard;
    this.https = https;
    this.client = client;
    this.secrets = secrets;
    this.policy = policy;
    this.clock = clock;
    this.jitter = jitter;
    this.executor = executor;
  }

  private volatile boolean closed;
  private volatile MeterRegistry meters;
  private volatile Duration lease;

  /**
   * Sets how long a claimed delivery stays with this sender before another sender may claim it
   * again (by default twice the request timeout plus 30 s). A sender killed mid-attempt leaves its
   * claim to run out; a lease shorter than the request timeout lets a slow receiver get a delivery
   * twice (same delivery id).
   */
  public DeliveryEngine leaseDuration(Duration lease) {
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("the delivery lease must be positive, got " + lease);
    }
    this.lease = lease;
    return this;
  }

  /**
   * Counts attempts in {@code registry}: {@code courseport_delivery_attempts_total} by kind and
   * outcome ({@code delivered}, {@code retry}, {@code failed}: the last two after a failed try).
   */
  public DeliveryEngine meterRegistry(MeterRegistry registry) {
    this.meters = registry;
    return this;
  }

  private void count(Delivery delivery, Status status) {
    MeterRegistry registry = meters;
    if (registry == null) {
      return;
    }
    String outcome =
        switch (status) {
          case DELIVERED -> "delivered";
          case FAILED -> "failed";
          case PENDING -> "retry";
        };
    Counter.builder("courseport.delivery.attempts")
        .description("Delivery attempts (webhooks, postbacks) by kind and outcome")
        .tag("kind", delivery.kind().name().toLowerCase(java.util.Locale.ROOT))
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Starts sending: at once, and every {@code poll} for deliveries stored elsewhere or before. */
  public DeliveryEngine start(Duration poll) {
    running = true;
    executor.scheduleWithFixedDelay(this::pump, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public Delivery enqueue(NewDelivery request) {
    return store(request, null);
  }

  /** Enqueues, and completes the future when this engine ends the delivery (tests, postbacks). */
  public CompletableFuture<Delivery> enqueueAndWatch(NewDelivery request) {
    CompletableFuture<Delivery> done = new CompletableFuture<>();
    store(request, done);
    return done;
  }

  private Delivery store(NewDelivery request, CompletableFuture<Delivery> done) {
    Instant now = now();
    Delivery delivery =
        new Delivery(
            UUID.randomUUID().toString(),
            request.tenantId(),
            request.kind(),
            request.eventType(),
            request.subjectId(),
            request.endpointId(),
            request.target(),
            shown(request.target()),
            request.headers(),
            request.body(),
            Status.PENDING,
            now,
            now,
            null,
            List.of(),
            LogContext.requestId());
    if (done != null) {
      watchers.put(delivery.deliveryId(), done);
    }
    repository.insert(delivery);
    wake(Duration.ZERO);
    return delivery;
  }

  /**
   * Claims and sends every delivery due now, one at a time, until none is left; returns how many
   * attempts were made. The scheduler calls it; tests call it directly with a settable clock.
   */
  public int runDue() {
    int attempts = 0;
    Optional<Delivery> next;
    while (!closed && (next = claim()).isPresent()) {
      attemptOnce(next.get());
      attempts++;
    }
    return attempts;
  }

  private Optional<Delivery> claim() {
    Instant now = now();
    Duration configured = lease;
    Duration held =
        configured != null ? configured : policy.requestTimeout().multipliedBy(2).plusSeconds(30);
    return repository.claimDue(owner, now, now.plus(held));
  }

  private void pump() {
    try {
      runDue();
    } catch (RuntimeException e) {
      log.warn("delivery pump failed; retrying at the next poll", e);
    }
  }

  private void wake(Duration delay) {
    if (!running) {
      return;
    }
    try {
      executor.schedule(this::pump, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("delivery engine is shutting down");
    }
  }

  private void attemptOnce(Delivery delivery) {
    try (LogContext.Scope scope = LogContext.withRequestId(delivery.requestId())) {
      attemptLogged(delivery);
    }
  }

  private void attemptLogged(Delivery delivery) {
    int number = delivery.attemptCount() + 1;
    Outcome outcome = send(delivery, number);
    Instant now = now();
    Delivery updated;
    if (outcome.attempt().succeeded()) {
      updated = delivery.after(outcome.attempt(), Status.DELIVERED, null, now);
    } else if (outcome.permanent() || number >= policy.maxAttempts()) {
      updated = delivery.after(outcome.attempt(), Status.FAILED, null, now);
    } else {
      Duration delay = policy.jitteredDelayBefore(number + 1, jitter.getAsDouble());
      updated = delivery.after(outcome.attempt(), Status.PENDING, now.plus(delay), null);
    }
    count(delivery, updated.status());
    if (!repository.recordAttempt(delivery.deliveryId(), owner, updated)) {
      log.warn("delivery {}: lease lost, attempt {} not recorded", delivery.deliveryId(), number);
      return;
    }
    if (updated.status() == Status.PENDING) {
      wake(Duration.between(now(), updated.nextAttemptAt()));
      return;
    }
    log.info(
        "{} delivery {} ({} for {}) {} after {} attempt(s)",
        delivery.kind(),
        delivery.deliveryId(),
        delivery.eventType(),
        delivery.subjectId(),
        updated.status(),
        number);
    CompletableFuture<Delivery> watcher = watchers.remove(delivery.deliveryId());
    if (watcher != null) {
      watcher.complete(updated);
    }
  }

  private Outcome send(Delivery delivery, int number) {
    Instant at = now();
    long start = System.nanoTime();
    try {
      Map<String, String> headers = headers(delivery, at);
      FetchTarget target = guard.resolve(delivery.target());
      Timeouts timeouts = Timeouts.of(policy.requestTimeout(), policy.requestTimeout());
      byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
      try (PinnedResponse response =
          client.send(target, HttpMethod.POST, headers, body, timeouts)) {
        int status = response.status();
        boolean retryable = status >= 500 || status == 408 || status == 429;
        boolean ok = status >= 200 && status <= 299;
        return new Outcome(
            new Attempt(number, at, status, null, millisSince(start)), !ok && !retryable);
      }
    } catch (DomainException e) {
      String error = e.reason() + ": " + e.getMessage();
      return new Outcome(
          new Attempt(number, at, -1, error, millisSince(start)), PERMANENT.contains(e.reason()));
    } catch (RuntimeException e) {
      log.warn("delivery attempt failed unexpectedly", e);
      return new Outcome(
          new Attempt(number, at, -1, e.getClass().getSimpleName(), millisSince(start)), false);
    }
  }

  private Map<String, String> headers(Delivery delivery, Instant at) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.putAll(delivery.headers());
    long timestamp = at.getEpochSecond();
    headers.put(Signatures.ID, delivery.deliveryId());
    headers.put(Signatures.TIMESTAMP, Long.toString(timestamp));
    headers.put(Signatures.EVENT, delivery.eventType());
    if (delivery.kind() == Delivery.Kind.WEBHOOK) {
      https.check(delivery.target());
      String secret =
          secrets
              .secret(delivery.tenantId(), delivery.endpointId())
              .orElseThrow(
                  () ->
                      new DomainException(
                          DomainException.Kind.FAILED_PRECONDITION,
                          "WEBHOOK_ENDPOINT_DELETED",
                          "the webhook endpoint was deleted"));
      byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
      headers.put(
          Signatures.SIGNATURE, Signatures.sign(secret, delivery.deliveryId(), timestamp, body));
    }
    return headers;
  }

  /** Deletes deliveries that ended more than {@code age} ago; returns how many. */
  public long purgeEndedBefore(Duration age) {
    return repository.deleteFinishedBefore(now().minus(age));
  }

  private Instant now() {
    // Millisecond precision, as the store keeps it, so a stored delivery equals the one in memory.
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private static String shown(String url) {
    try {
      return UrlGuard.display(UrlGuard.parse(url));
    } catch (DomainException e) {
      return url.length() > 200 ? url.substring(0, 200) : url;
    }
  }

  /** Stops scheduling; attempts in progress finish, pending deliveries stay stored. */
  @Override
  public void close() {
    running = false;
    closed = true; // a pump under way finishes its current attempt, then claims nothing more
  }

  private record Outcome(Attempt attempt, boolean permanent) {}
}
