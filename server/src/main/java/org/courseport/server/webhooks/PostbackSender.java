package org.courseport.server.webhooks;

import com.linecorp.armeria.common.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.postback.PostbackDelivery;
import org.courseport.server.domain.postback.PostbackDelivery.Attempt;
import org.courseport.server.domain.postback.PostbackDelivery.Status;
import org.courseport.server.domain.postback.PostbackDeliveryRepository;
import org.courseport.server.net.FetchErrors;
import org.courseport.server.net.FetchTarget;
import org.courseport.server.net.PinnedHttpClient;
import org.courseport.server.net.PinnedResponse;
import org.courseport.server.net.Timeouts;
import org.courseport.server.net.UrlGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs JSON postbacks asynchronously, through the same SSRF guard as package fetches, retrying
 * with exponential backoff and recording every attempt. Redirects are not followed.
 *
 * <p>Retried: transport errors, timeouts, 408, 429 and 5xx. Final at once: 2xx (delivered), any
 * other status, and refused or malformed URLs. Deliveries live only in this process: those still
 * pending at shutdown stay PENDING and are not resumed after a restart.
 */
public final class PostbackSender {
  private static final Logger log = LoggerFactory.getLogger(PostbackSender.class);
  private static final Set<String> PERMANENT =
      Set.of("FETCH_FORBIDDEN_ADDRESS", FetchErrors.BAD_URL);

  private final UrlGuard guard;
  private final PinnedHttpClient client;
  private final PostbackDeliveryRepository repository;
  private final RetryPolicy policy;
  private final Clock clock;
  private final ScheduledExecutorService executor;

  /** The executor runs the (blocking) attempts; the caller owns and shuts it down. */
  public PostbackSender(
      UrlGuard guard,
      PinnedHttpClient client,
      PostbackDeliveryRepository repository,
      RetryPolicy policy,
      Clock clock,
      ScheduledExecutorService executor) {
    this.guard = guard;
    this.client = client;
    this.repository = repository;
    this.policy = policy;
    this.clock = clock;
    this.executor = executor;
  }

  /**
   * Records a new delivery and starts sending it; the future completes with the delivery once it is
   * DELIVERED or FAILED.
   */
  public CompletableFuture<PostbackDelivery> submit(PostbackRequest request) {
    PostbackDelivery delivery =
        new PostbackDelivery(
            UUID.randomUUID().toString(),
            request.tenantId(),
            request.jobId(),
            shown(request.url()),
            Status.PENDING,
            clock.instant(),
            null,
            List.of());
    safely(() -> repository.insert(delivery), delivery);
    CompletableFuture<PostbackDelivery> done = new CompletableFuture<>();
    executor.execute(() -> attempt(request, delivery, 1, done));
    return done;
  }

  private void attempt(
      PostbackRequest request,
      PostbackDelivery delivery,
      int number,
      CompletableFuture<PostbackDelivery> done) {
    Outcome outcome = send(request, number);
    PostbackDelivery updated = delivery.withAttempt(outcome.attempt());
    safely(() -> repository.addAttempt(delivery.deliveryId(), outcome.attempt()), delivery);
    if (outcome.attempt().succeeded() || outcome.permanent() || number >= policy.maxAttempts()) {
      Status end = outcome.attempt().succeeded() ? Status.DELIVERED : Status.FAILED;
      PostbackDelivery finished = updated.finishedAs(end, clock.instant());
      safely(() -> repository.finish(delivery.deliveryId(), end, finished.finished()), delivery);
      log.info(
          "postback {} for job {} {} after {} attempt(s)",
          delivery.deliveryId(),
          delivery.jobId(),
          end,
          number);
      done.complete(finished);
      return;
    }
    long delay = policy.delayBefore(number + 1).toMillis();
    try {
      executor.schedule(
          () -> attempt(request, updated, number + 1, done), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.warn("postback {} abandoned: sender is shutting down", delivery.deliveryId());
      done.complete(updated);
    }
  }

  private Outcome send(PostbackRequest request, int number) {
    Instant at = clock.instant();
    long start = System.nanoTime();
    try {
      FetchTarget target = guard.resolve(request.url());
      Timeouts timeouts = Timeouts.of(policy.requestTimeout(), policy.requestTimeout());
      byte[] body = request.json().getBytes(StandardCharsets.UTF_8);
      try (PinnedResponse response =
          client.send(target, HttpMethod.POST, headers(request), body, timeouts)) {
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
      log.warn("postback attempt failed unexpectedly", e);
      return new Outcome(
          new Attempt(number, at, -1, e.getClass().getSimpleName(), millisSince(start)), false);
    }
  }

  private static Map<String, String> headers(PostbackRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    if (request.credentials() != null) {
      headers.put("authorization", request.credentials().header());
    }
    return headers;
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

  private static void safely(Runnable write, PostbackDelivery delivery) {
    try {
      write.run();
    } catch (RuntimeException e) {
      log.warn(
          "could not record postback {} of job {}", delivery.deliveryId(), delivery.jobId(), e);
    }
  }

  private record Outcome(Attempt attempt, boolean permanent) {}
}
