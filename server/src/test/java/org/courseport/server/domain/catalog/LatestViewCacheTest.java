package org.courseport.server.domain.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.course.CourseView;
import org.junit.jupiter.api.Test;

/** The rules by which a cached latest view may be used: same key, same epoch, not too old. */
class LatestViewCacheTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Ticker ticker = nanos::get;
  private final LatestViewCache cache =
      LatestViewCache.of(100, Duration.ofSeconds(2), Runnable::run, ticker);

  private static CourseView view(String title) {
    Instant at = Instant.parse("2026-12-06T00:00:00Z");
    return new CourseView(new Course("t1", "c1", title, List.of(), at, at, 0, 1), null);
  }

  private static LatestViewCache.Stamp stamp(String key, long epoch) {
    return new LatestViewCache.Stamp(key, epoch);
  }

  @Test
  void aViewIsFoundOnlyByTheSameKeyAtTheSameEpoch() {
    CourseView v = view("One");
    cache.put(stamp("K1", 3), "t1", "c1", v);

    assertThat(cache.find(stamp("K1", 3), "t1", "c1")).isSameAs(v);
    assertThat(cache.find(stamp("K1", 4), "t1", "c1")).as("the course changed since").isNull();
    assertThat(cache.find(stamp("K1", 2), "t1", "c1")).isNull();
    assertThat(cache.find(stamp("K2", 3), "t1", "c1")).as("another key's epoch").isNull();
    assertThat(cache.find(stamp("K1", 3), "t1", "c2")).isNull();
    assertThat(cache.find(stamp("K1", 3), "t2", "c1")).isNull();
    assertThat(cache.find(null, "t1", "c1")).as("a request without a stamp").isNull();
  }

  @Test
  void aReadAtAnOlderEpochDoesNotReplaceANewerOne() {
    CourseView newer = view("Newer");
    cache.put(stamp("K1", 5), "t1", "c1", newer);
    cache.put(stamp("K1", 4), "t1", "c1", view("Older"));

    assertThat(cache.find(stamp("K1", 5), "t1", "c1")).isSameAs(newer);
    assertThat(cache.find(stamp("K1", 4), "t1", "c1")).isNull();

    CourseView newest = view("Newest");
    cache.put(stamp("K1", 6), "t1", "c1", newest);
    assertThat(cache.find(stamp("K1", 6), "t1", "c1")).isSameAs(newest);
  }

  @Test
  void anEntryIsNotUsedAfterItsMaximumAge() {
    CourseView v = view("One");
    cache.put(stamp("K1", 1), "t1", "c1", v);
    nanos.addAndGet(Duration.ofMillis(1_999).toNanos());
    assertThat(cache.find(stamp("K1", 1), "t1", "c1")).isSameAs(v);
    nanos.addAndGet(Duration.ofMillis(2).toNanos());
    assertThat(cache.find(stamp("K1", 1), "t1", "c1")).isNull();
  }

  @Test
  void theNumberOfEntriesIsBounded() {
    LatestViewCache small = LatestViewCache.of(10, Duration.ofSeconds(2), Runnable::run, ticker);
    for (int i = 0; i < 100; i++) {
      small.put(stamp("K1", 1), "t1", "c" + i, view("T" + i));
    }
    assertThat(small.size()).isLessThanOrEqualTo(10);
  }

  @Test
  void aCacheOfNoEntriesKeepsNothing() {
    LatestViewCache off = LatestViewCache.of(0, Duration.ofSeconds(2));
    assertThat(off.enabled()).isFalse();
    assertThat(off).isSameAs(LatestViewCache.off());
    off.put(stamp("K1", 1), "t1", "c1", view("One"));
    assertThat(off.find(stamp("K1", 1), "t1", "c1")).isNull();
    assertThat(cache.enabled()).isTrue();
  }

  @Test
  void wrongSettingsAreRefused() {
    assertThatThrownBy(() -> LatestViewCache.of(-1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEntries");
    assertThatThrownBy(() -> LatestViewCache.of(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAge");
    assertThatThrownBy(() -> new LatestViewCache.Stamp("K1", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
