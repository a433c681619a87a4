package org.courseport.server.storage.mongo.tenant;

import static org.courseport.server.storage.mongo.tenant.TenantMapper.KEY_ID;
import static org.courseport.server.storage.mongo.tenant.TenantMapper.REVOKED_AT;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import org.bson.Document;
import org.courseport.server.domain.ratelimit.KeyRateLimiter;
import org.courseport.server.domain.ratelimit.RateLimiter;
import org.courseport.server.domain.tenant.ApiKey;

/**
 * {@link KeyRateLimiter} on the {@code apiKeys} collection: each key document carries its window
 * counters in the field {@value #COUNTERS}, one sub-document per route class, {@code rl.<class> =
 * {w: window start (epoch ms), n: requests counted}}.
 *
 * <p>Steady state, one round trip: a {@code findOneAndUpdate} whose filter matches the key only
 * when it is live, its window is the current one and its count is under the limit, {@code $inc}s
 * the count and returns the document after the update, which is the key state the secret is
 * verified against. When it matches nothing, the key is read: no document means an unknown key, a
 * revoked key is answered without counting, a current window at the limit means the request is
 * refused, and an ended (or absent) window is replaced by a new one with count 1 in one more
 * conditional update (which only matches while the stored window is still older than the current
 * one, so of two requests racing to open it one opens it and the other counts in it). Every write
 * is a single-document conditional update, so concurrent requests on any replica never pass more
 * than the limit. A counted request also gets the key's course epoch ({@link
 * TenantMapper#COURSE_EPOCH}) from the returned document, which validates the cached course views.
 * The admin updates of a key ({@code $set} of named fields) leave the counters alone, and {@link
 * TenantMapper#apiKey} does not read them.
 *
 * <p>The counting writes (the count, the window opening and the refund) are sent with the write
 * concern {@link #COUNT_WRITE_CONCERN} ({@code {w: 1, j: false}}): acknowledged by the primary
 * before its journal has them. Counts are not user data; after a crash of the store the last
 * moments of counts (on the embedded store: up to about a second, see {@code CommittingH2Backend})
 * may be lost, which lets a key make that many more requests in the window. The reads of the key
 * use the collection as given.
 */
public final class MongoKeyRateLimiter implements KeyRateLimiter {
  /** The field holding a key's window counters. */
  public static final String COUNTERS = "rl";

  /** The write concern of the counting writes: acknowledged, not waiting for the journal. */
  public static final WriteConcern COUNT_WRITE_CONCERN = WriteConcern.W1.withJournal(false);

  private static final Pattern COUNTER_NAME = Pattern.compile("[a-z]{1,32}");

  /** Rounds of (count, read, open) before giving up on a window that keeps changing. */
  private static final int ATTEMPTS = 8;

  private final MongoCollection<Document> keys;
  private final MongoCollection<Document> counts;
  private final Clock clock;

  /** Hook for tests: runs before each round with its number (0 first). */
  volatile IntConsumer beforeAttempt = attempt -> {};

  /** Hook for tests: runs after a round's count matched nothing, before the key is read. */
  volatile Runnable afterMissedCount = () -> {};

  public MongoKeyRateLimiter(MongoCollection<Document> keys, Clock clock) {
    this.keys = keys;
    this.counts = keys.withWriteConcern(COUNT_WRITE_CONCERN);
    this.clock = clock;
  }

  @Override
  public Counted acquire(String keyId, String counter, RateLimiter.Limit limit) {
    if (!COUNTER_NAME.matcher(counter).matches()) {
      throw new IllegalArgumentException("counter must be 1-32 lower-case letters: " + counter);
    }
    long now = clock.millis();
    long windowMillis = limit.window().toMillis();
    long start = Math.floorDiv(now, windowMillis) * windowMillis;
    String window = COUNTERS + "." + counter;
    String startField = window + ".w";
    String countField = window + ".n";
    long requests = limit.requests();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      beforeAttempt.accept(attempt);
      Document counted =
          counts.findOneAndUpdate(
              Filters.and(
                  Filters.eq(KEY_ID, keyId),
                  Filters.eq(REVOKED_AT, null),
                  Filters.eq(startField, start),
                  Filters.lt(countField, requests)),
              Updates.inc(countField, 1L),
              new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
      if (counted != null) {
        return allowed(counted, counter, limit, start, now);
      }
      afterMissedCount.run();
      Document current = keys.find(Filters.eq(KEY_ID, keyId)).first();
      if (current == null) {
        return Counted.unknown();
      }
      ApiKey key = TenantMapper.apiKey(current);
      if (key.revoked()) {
        return new Counted(key, null, false, start);
      }
      Document stored = window(current, counter);
      long storedStart = stored == null ? Long.MIN_VALUE : number(stored, "w");
      if (storedStart >= start) {
        // The current window (or, from a replica whose clock is ahead, a later one: count there).
        start = storedStart;
        if (number(stored, "n") >= requests) {
          return new Counted(
              key,
              new RateLimiter.Decision(false, requests, 0, retryAfter(start + windowMillis, now)),
              false,
              start);
        }
        continue; // counted by others between the count and the read: count again
      }
      Document opened =
          counts.findOneAndUpdate(
              Filters.and(
                  Filters.eq(KEY_ID, keyId),
                  Filters.eq(REVOKED_AT, null),
                  Filters.or(Filters.exists(startField, false), Filters.lt(startField, start))),
              Updates.set(window, new Document("w", start).append("n", 1L)),
              new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
      if (opened != null) {
        return allowed(opened, counter, limit, start, now);
      }
      // Another request opened the window, or the key was revoked or deleted: look again.
    }
    // The window kept changing under this request: refuse it rather than count it unchecked.
    ApiKey key =
        java.util.Optional.ofNullable(keys.find(Filters.eq(KEY_ID, keyId)).first())
            .map(TenantMapper::apiKey)
            .orElse(null);
    return key == null
        ? Counted.unknown()
        : new Counted(
            key,
            new RateLimiter.Decision(false, requests, 0, retryAfter(start + windowMillis, now)),
            false,
            start);
  }

  @Override
  public void refund(String keyId, String counter, Counted counted) {
    if (!counted.counted() || !COUNTER_NAME.matcher(counter).matches()) {
      return;
    }
    String window = COUNTERS + "." + counter;
    counts.updateOne(
        Filters.and(
            Filters.eq(KEY_ID, keyId),
            Filters.eq(window + ".w", counted.windowStart()),
            Filters.gt(window + ".n", 0L)),
        Updates.inc(window + ".n", -1L));
  }

  private static Counted allowed(
      Document doc, String counter, RateLimiter.Limit limit, long start, long now) {
    Document stored = window(doc, counter);
    long count = number(stored, "n");
    long requests = limit.requests();
    return new Counted(
        TenantMapper.apiKey(doc),
        new RateLimiter.Decision(
            true,
            requests,
            Math.max(0, requests - count),
            retryAfter(start + limit.window().toMillis(), now)),
        true,
        start,
        TenantMapper.courseEpoch(doc));
  }

  /** Whole seconds (at least 1) until {@code end}. */
  private static long retryAfter(long end, long now) {
    return Math.max(1, (end - now + 999) / 1000);
  }

  private static Document window(Document key, String counter) {
    Object all = key.get(COUNTERS);
    if (!(all instanceof Document counters)) {
      return null;
    }
    Object window = counters.get(counter);
    return window instanceof Document d && d.get("w") instanceof Number ? d : null;
  }

  private static long number(Document doc, String field) {
    Object value = doc == null ? null : doc.get(field);
    return value instanceof Number n ? n.longValue() : 0;
  }
}
