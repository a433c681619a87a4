package org.courseport.server.domain.ratelimit;

import org.courseport.server.domain.tenant.ApiKey;

/**
 * Counts the requests of an API key in its own stored record, reading the key's current state in
 * the same single-record operation, so that an authenticated, rate-limited request costs one store
 * round trip for authentication and counting together. The counters of a key live with the key (one
 * fixed window per route class); every replica counts on the same record, so a limit holds across
 * replicas.
 *
 * <p>A request is counted before its secret is verified (the verification needs the key state this
 * very operation returns); a request whose verification then fails is handed back with {@link
 * #refund}, so wrong secrets do not use up a key's quota. A revoked key's requests are never
 * counted.
 */
public interface KeyRateLimiter {

  /**
   * Reads key {@code keyId} and, when it exists and is not revoked, counts one request against its
   * counter {@code counter} in the current window of {@code limit} when that is within the limit.
   *
   * @param counter the route class whose counter is used ({@link RateLimits.Applied#counter()}):
   *     lower-case letters only
   */
  Counted acquire(String keyId, String counter, RateLimiter.Limit limit);

  /**
   * Takes back the request {@code counted} counted (its verification failed). Does nothing when the
   * request was not counted or its window has ended since.
   */
  void refund(String keyId, String counter, Counted counted);

  /**
   * What {@link #acquire} found.
   *
   * @param key the key as stored at the moment of the count (or of the read when nothing was
   *     counted), or null when there is no such key
   * @param decision the rate-limit decision, or null when nothing was decided (no such key, or the
   *     key is revoked)
   * @param counted whether the request was counted (then {@link #refund} can take it back)
   * @param windowStart start (epoch milliseconds) of the window the request was counted in
   * @param courseEpoch the key's course epoch in the same state as {@code key} (see {@link
   *     org.courseport.server.domain.catalog.LatestViewCache}), or -1 when unknown
   */
  record Counted(
      ApiKey key,
      RateLimiter.Decision decision,
      boolean counted,
      long windowStart,
      long courseEpoch) {
    /** Without a course epoch. */
    public Counted(ApiKey key, RateLimiter.Decision decision, boolean counted, long windowStart) {
      this(key, decision, counted, windowStart, -1);
    }

    /** No such key. */
    public static Counted unknown() {
      return new Counted(null, null, false, 0);
    }
  }
}
