package org.courseport.server.domain.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.courseport.server.domain.DomainException;

/**
 * The vocabulary of request rate limits: a {@link Limit} per route class, the {@link Decision} on a
 * request, and the failure of one over its limit. Counting is {@link KeyRateLimiter}'s (fixed
 * windows in a store shared by every replica, so that a limit holds across them).
 */
public interface RateLimiter {

  /** ErrorInfo reason (and LearningStudio code) of a request over the limit. */
  String RATE_LIMIT_EXCEEDED = "RATE_LIMIT_EXCEEDED";

  /** ErrorInfo metadata key: whole seconds until the current window ends (HTTP Retry-After). */
  String RETRY_AFTER_SECONDS = "retry_after_seconds";

  /** The failure of a request over {@code limit}. */
  static DomainException exceeded(Limit limit, Decision d) {
    return new DomainException(
        DomainException.Kind.RESOURCE_EXHAUSTED,
        RATE_LIMIT_EXCEEDED,
        "Rate limit exceeded: at most "
            + limit.requests()
            + " requests per "
            + describe(limit.window())
            + " per API key on this endpoint; retry in "
            + d.retryAfterSeconds()
            + " s",
        Map.of(RETRY_AFTER_SECONDS, Long.toString(d.retryAfterSeconds())));
  }

  private static String describe(Duration window) {
    return window.equals(Duration.ofMinutes(1)) ? "minute" : window.toSeconds() + " s";
  }

  /** At most {@code requests} in each window of length {@code window}. */
  record Limit(int requests, Duration window) {
    public Limit {
      Objects.requireNonNull(window, "window");
      if (requests < 1 || window.toMillis() < 1000) {
        throw new IllegalArgumentException("a limit needs >= 1 request and a window >= 1 s");
      }
    }
  }

  /**
   * @param allowed whether the request is within the limit (then it was counted)
   * @param limit the requests the window allows
   * @param remaining the requests still allowed in this window after this one (0 when refused)
   * @param retryAfterSeconds whole seconds (at least 1) until the window ends
   */
  record Decision(boolean allowed, long limit, long remaining, long retryAfterSeconds) {}
}
