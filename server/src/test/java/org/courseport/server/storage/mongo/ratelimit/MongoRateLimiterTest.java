package org.courseport.server.storage.mongo.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.ratelimit.RateLimiter;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Mongo rate limiter: one count across instances (replicas), windows, Retry-After, cleanup. */
class MongoRateLimiterTest {
  private static final RateLimiter.Limit LIMIT = new RateLimiter.Limit(30, Duration.ofMinutes(1));
  private static EmbeddedTestMongo mongo;
  private static MongoStore store;
  private static final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T10:00:20Z"));
  private static final Clock CLOCK =
      new Clock() {
        @Override
        public Instant instant() {
          return now.get();
        }

        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }
      };

  @BeforeAll
  static void start() throws Exception {
    mongo = EmbeddedTestMongo.start();
    store = new MongoStore(mongo.connectionString());
  }

  @AfterAll
  static void stop() throws Exception {
    store.close();
    mongo.close();
  }

  @Test
  void limitHoldsAcrossTwoInstancesOnOneDatabase() {
    now.set(Instant.parse("2026-01-01T10:00:20Z"));
    RateLimiter a = new MongoRateLimiter(store.database(), CLOCK);
    RateLimiter b = new MongoRateLimiter(store.database(), CLOCK);
    for (int i = 1; i <= 30; i++) {
      RateLimiter.Decision d = (i % 2 == 0 ? a : b).acquire("key-1", "export", LIMIT);
      assertThat(d.allowed()).as("request " + i).isTrue();
    }
    RateLimiter.Decision over = a.acquire("key-1", "export", LIMIT);
    assertThat(over.allowed()).isFalse();
    assertThat(over.retryAfterSeconds()).isEqualTo(40);
    assertThat(b.acquire("key-1", "export", LIMIT).allowed()).isFalse();
    // Other keys and routes count on their own.
    assertThat(b.acquire("key-2", "export", LIMIT).allowed()).isTrue();
    assertThat(b.acquire("key-1", "other", LIMIT).allowed()).isTrue();

    assertThatThrownBy(() -> a.check("key-1", "export", LIMIT))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DomainException.Kind.RESOURCE_EXHAUSTED);
              assertThat(e.reason()).isEqualTo("RATE_LIMIT_EXCEEDED");
              assertThat(e.metadata()).containsEntry("retry_after_seconds", "40");
              assertThat(e.getMessage()).contains("30 requests per minute");
            });

    // The next window is fresh, and its first request removes the ended windows.
    now.set(Instant.parse("2026-01-01T10:01:59.500Z"));
    RateLimiter.Decision next = b.acquire("key-1", "export", LIMIT);
    assertThat(next.allowed()).isTrue();
    assertThat(
            windows()
                .find(new Document("caller", "key-1").append("route", "export"))
                .sort(new Document("windowStart", -1))
                .first()
                .get("count"))
        .isEqualTo(1L);
    assertThat(next.retryAfterSeconds()).isEqualTo(1);
    now.set(Instant.parse("2026-01-01T10:02:00Z"));
    a.acquire("key-9", "export", LIMIT);
    var windows = windows();
    assertThat(
            windows.countDocuments(
                new Document(
                    "windowEnd",
                    new Document(
                        "$lte", java.util.Date.from(Instant.parse("2026-01-01T10:01:00Z"))))))
        .isZero();
    assertThat(windows.countDocuments(new Document("caller", "key-9"))).isEqualTo(1);
  }

  private static com.mongodb.client.MongoCollection<Document> windows() {
    return store.database().getCollection(MongoRateLimiter.COLLECTION);
  }

  @Test
  void concurrentRequestsOnTwoInstancesAreCountedExactly() throws Exception {
    now.set(Instant.parse("2026-01-01T11:00:05Z"));
    RateLimiter a = new MongoRateLimiter(store.database(), CLOCK);
    RateLimiter b = new MongoRateLimiter(store.database(), CLOCK);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        RateLimiter limiter = i % 2 == 0 ? a : b;
        Callable<Boolean> call =
            () -> {
              go.await();
              return limiter.acquire("key-c", "export", LIMIT).allowed();
            };
        results.add(pool.submit(call));
      }
      go.countDown();
      int allowed = 0;
      for (Future<Boolean> f : results) {
        allowed += f.get() ? 1 : 0;
      }
      assertThat(allowed).isEqualTo(30);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void limitHoldsAcrossTwoMongoClients() throws Exception {
    now.set(Instant.parse("2026-01-01T12:00:00Z"));
    try (MongoStore other = new MongoStore(mongo.connectionString())) {
      RateLimiter a = new MongoRateLimiter(store.database(), CLOCK);
      RateLimiter b = new MongoRateLimiter(other.database(), CLOCK);
      RateLimiter.Limit three = new RateLimiter.Limit(3, Duration.ofMinutes(1));
      RateLimiter.Decision first = a.acquire("key-r", "default", three);
      assertThat(first).isEqualTo(new RateLimiter.Decision(true, 3, 2, 60));
      assertThat(b.acquire("key-r", "default", three).remaining()).isEqualTo(1);
      assertThat(a.acquire("key-r", "default", three).remaining()).isZero();
      assertThat(b.acquire("key-r", "default", three))
          .isEqualTo(new RateLimiter.Decision(false, 3, 0, 60));
      assertThat(a.acquire("key-r", "default", three).allowed()).isFalse();
    }
  }

  @Test
  void twoRequestsRacingForTheLastSlotOnTwoReplicasLetExactlyOneThrough() throws Exception {
    now.set(Instant.parse("2026-01-01T13:00:00Z"));
    RateLimiter.Limit three = new RateLimiter.Limit(3, Duration.ofMinutes(1));
    try (MongoStore other = new MongoStore(mongo.connectionString())) {
      MongoRateLimiter a = new MongoRateLimiter(store.database(), CLOCK);
      MongoRateLimiter b = new MongoRateLimiter(other.database(), CLOCK);
      assertThat(a.acquire("key-last", "export", three).allowed()).isTrue();
      assertThat(b.acquire("key-last", "export", three).allowed()).isTrue();
      // Both requests are held just before their update until both have got there, then go.
      java.util.concurrent.CyclicBarrier both = new java.util.concurrent.CyclicBarrier(2);
      java.util.function.IntConsumer hold =
          attempt -> {
            if (attempt == 0) {
              try {
                both.await(10, java.util.concurrent.TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
          };
      a.beforeAttempt = hold;
      b.beforeAttempt = hold;
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<RateLimiter.Decision> fa = pool.submit(() -> a.acquire("key-last", "export", three));
        Future<RateLimiter.Decision> fb = pool.submit(() -> b.acquire("key-last", "export", three));
        RateLimiter.Decision da = fa.get();
        RateLimiter.Decision db = fb.get();
        assertThat(List.of(da.allowed(), db.allowed())).containsExactlyInAnyOrder(true, false);
        assertThat(List.of(da.remaining(), db.remaining())).containsOnly(0L);
      } finally {
        pool.shutdownNow();
      }
      assertThat(
              windows()
                  .find(new Document("caller", "key-last"))
                  .first()
                  .get("count", Number.class)
                  .longValue())
          .isEqualTo(3);
    }
  }

  @Test
  void aFullWindowIsRefusedAfterOneRetryOfTheDuplicateKey() {
    now.set(Instant.parse("2026-01-01T14:00:30Z"));
    MongoRateLimiter limiter = new MongoRateLimiter(store.database(), CLOCK);
    RateLimiter.Limit one = new RateLimiter.Limit(1, Duration.ofMinutes(1));
    List<Integer> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
    limiter.beforeAttempt = attempts::add;
    assertThat(limiter.acquire("key-one", "default", one))
        .isEqualTo(new RateLimiter.Decision(true, 1, 0, 30));
    assertThat(attempts).containsExactly(0);
    attempts.clear();
    // The full window does not match the filter: the upsert's insert collides with it (duplicate
    // _id), is retried once, collides again, and the request is refused without being counted.
    assertThat(limiter.acquire("key-one", "default", one))
        .isEqualTo(new RateLimiter.Decision(false, 1, 0, 30));
    assertThat(attempts).containsExactly(0, 1);
    assertThat(windows().countDocuments(new Document("caller", "key-one"))).isEqualTo(1);
  }
}
