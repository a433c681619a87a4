package org.courseport.server.domain.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;
import org.courseport.server.domain.course.CourseView;

/**
 * A per-replica cache of the latest view of courses ({@code GetCourse} without a version), so that
 * a read of an unchanged course costs no store round trip of its own.
 *
 * <p>An entry is only used when it is provably current. Every API key document carries a course
 * epoch, a counter that the store layer increments on every key of a tenant after each write to
 * that tenant's courses or versions ({@link org.courseport.server.domain.course.CourseChanges}).
 * The authentication of each request reads the calling key in a store operation it makes anyway
 * (the rate count), which returns the key's epoch as of that moment: the {@link Stamp}. An entry is
 * stored with the stamp of the request that read the course after its authentication, and used only
 * by a request of the same key whose stamp has the same epoch. A write that was answered has
 * incremented the epoch before its answer, so any request authenticated after that answer sees a
 * higher epoch than every entry read before the write, on every replica, and reads the store.
 *
 * <p>A write whose process died between the write and the increment was never answered; the entries
 * that other replicas may then keep stale expire after {@link #maxAge()} at the latest.
 */
public final class LatestViewCache {
  /** How long an entry may be used at most, whatever the epochs say. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(2);

  /** The default number of entries per replica. */
  public static final int DEFAULT_ENTRIES = 10_000;

  /**
   * What the authentication of the current request read: the key and its course epoch.
   *
   * @param keyId the API key that authenticated the request
   * @param epoch the key's course epoch at that moment (0 or more)
   */
  public record Stamp(String keyId, long epoch) {
    public Stamp {
      Objects.requireNonNull(keyId, "keyId");
      if (epoch < 0) {
        throw new IllegalArgumentException("epoch must be 0 or more: " + epoch);
      }
    }
  }

  private record Key(String keyId, String tenantId, String courseId) {}

  private record Entry(CourseView view, long epoch) {}

  private static final LatestViewCache OFF = new LatestViewCache(0, DEFAULT_MAX_AGE, null, null);

  private final Cache<Key, Entry> entries;
  private final Duration maxAge;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  private LatestViewCache(int maxEntries, Duration maxAge, Executor executor, Ticker ticker) {
    this.maxAge = maxAge;
    this.entries =
        maxEntries <= 0
            ? null
            : Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(maxAge)
                .executor(executor)
                .ticker(ticker)
                .build();
  }

  /** A cache that keeps nothing. */
  public static LatestViewCache off() {
    return OFF;
  }

  /**
   * A cache of at most {@code maxEntries} views (0: {@link #off()}), each used for {@code maxAge}
   * at most.
   */
  public static LatestViewCache of(int maxEntries, Duration maxAge) {
    return of(maxEntries, maxAge, ForkJoinPool.commonPool(), Ticker.systemTicker());
  }

  /**
   * As {@link #of(int, Duration)}, with the executor of the cache's upkeep (evictions) and the
   * clock the ages are measured by (tests).
   */
  static LatestViewCache of(int maxEntries, Duration maxAge, Executor executor, Ticker ticker) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must be 0 or more: " + maxEntries);
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
    }
    return maxEntries == 0 ? OFF : new LatestViewCache(maxEntries, maxAge, executor, ticker);
  }

  /** Whether this cache keeps anything. */
  public boolean enabled() {
    return entries != null;
  }

  /** How long an entry is used at most. */
  public Duration maxAge() {
    return maxAge;
  }

  /**
   * The view stored for this key and course at exactly the stamp's epoch, or null. A null stamp
   * (the request's key state is unknown) finds nothing.
   */
  CourseView find(Stamp stamp, String tenantId, String courseId) {
    if (entries == null || stamp == null) {
      return null;
    }
    Entry e = entries.getIfPresent(new Key(stamp.keyId(), tenantId, courseId));
    if (e != null && e.epoch() == stamp.epoch()) {
      hits.increment();
      return e.view();
    }
    misses.increment();
    return null;
  }

  /** How many stamped lookups were answered from the cache. */
  public long hits() {
    return hits.sum();
  }

  /** How many stamped lookups found no current view (and read the store). */
  public long misses() {
    return misses.sum();
  }

  /**
   * Keeps {@code view}, read after the authentication that returned {@code stamp}. An entry of a
   * higher epoch is kept rather than replaced by an older read.
   */
  void put(Stamp stamp, String tenantId, String courseId, CourseView view) {
    if (entries == null || stamp == null) {
      return;
    }
    Entry fresh = new Entry(view, stamp.epoch());
    entries
        .asMap()
        .merge(
            new Key(stamp.keyId(), tenantId, courseId),
            fresh,
            (old, neu) -> old.epoch() > neu.epoch() ? old : neu);
  }

  /** The number of entries (approximate; for tests and metrics). */
  long size() {
    if (entries == null) {
      return 0;
    }
    entries.cleanUp();
    return entries.estimatedSize();
  }
}
