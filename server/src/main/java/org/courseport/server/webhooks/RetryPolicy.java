package org.courseport.server.webhooks;

import java.time.Duration;

/**
 * How often and how patiently a delivery (webhook or postback) is tried.
 *
 * @param maxAttempts attempts in total (the first included)
 * @param initialDelay wait before the second attempt
 * @param multiplier growth of the wait for each later attempt
 * @param maxDelay longest wait between two attempts
 * @param requestTimeout longest wait for the receiver's response headers
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialDelay,
    double multiplier,
    Duration maxDelay,
    Duration requestTimeout) {
  public RetryPolicy {
    if (maxAttempts < 1 || multiplier < 1) {
      throw new IllegalArgumentException("maxAttempts >= 1 and multiplier >= 1 required");
    }
  }

  /** 5 attempts, waiting 1 s, 2 s, 4 s, 8 s between them; 30 s per request. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        5, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5), Duration.ofSeconds(30));
  }

  /** Share of the wait added at random to each retry, so that receivers are not hit in step. */
  public static final double JITTER = 0.2;

  /**
   * The wait before attempt {@code attempt}, plus {@code unit} (in [0, 1)) times {@link #JITTER} of
   * it: exponential backoff with jitter.
   */
  public Duration jitteredDelayBefore(int attempt, double unit) {
    long base = delayBefore(attempt).toMillis();
    return Duration.ofMillis(base + (long) (base * JITTER * Math.min(Math.max(unit, 0), 1)));
  }

  /** The wait before attempt {@code attempt} (2 or more), without jitter. */
  public Duration delayBefore(int attempt) {
    double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 2));
    return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
  }
}
