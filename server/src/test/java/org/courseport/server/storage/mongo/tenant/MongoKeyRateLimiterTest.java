package org.courseport.server.storage.mongo.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
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
import org.courseport.server.domain.ratelimit.KeyRateLimiter;
import org.courseport.server.domain.ratelimit.RateLimiter;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Tenant;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-key counters in the key documents: one count across two instances (replicas), windows,
 * Retry-After, unknown and revoked keys, refunds, the races for the last slot and for opening a
 * window, and the admin updates leaving the counters alone.
 */
class MongoKeyRateLimiterTest {
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

  private static MongoKeyRateLimiter limiter() {
    return store.tenants().keyRateLimiter(CLOCK);
  }

  private static MongoCollection<Document> keys() {
    return store.database().getCollection(MongoStore.API_KEYS);
  }

  private static ApiKey newKey(String keyId) {
    String tenant = "t-" + keyId;
    store.tenants().insertTenant(new Tenant(tenant, tenant, Instant.parse("2026-01-01T00:00:00Z")));
    ApiKey key =
        new ApiKey(
            keyId, tenant, "pbkdf2-sha256$1$c2FsdA$aGFzaA", Instant.parse("2026-01-01T00:00:00Z"));
    store.tenants().insertKey(key);
    return key;
  }

  private static Document window(String keyId, String counter) {
    Document doc = keys().find(Filters.eq("keyId", keyId)).first();
    assertThat(doc).isNotNull();
    Document rl = doc.get("rl", Document.class);
    return rl == null ? null : rl.get(counter, Document.class);
  }

  @Test
  void limitHoldsAcrossTwoInstancesAndReturnsTheKeyItCounted() {
    now.set(Instant.parse("2026-01-01T10:00:20Z"));
    ApiKey key = newKey("k-across");
    KeyRateLimiter a = limiter();
    KeyRateLimiter b = limiter();
    for (int i = 1; i <= 30; i++) {
      KeyRateLimiter.Counted c = (i % 2 == 0 ? a : b).acquire("k-across", "export", LIMIT);
      assertThat(c.key()).as("request " + i).isEqualTo(key);
      assertThat(c.counted()).isTrue();
      assertThat(c.decision()).isEqualTo(new RateLimiter.Decision(true, 30, 30 - i, 40));
    }
    KeyRateLimiter.Counted over = a.acquire("k-across", "export", LIMIT);
    assertThat(over.key()).isEqualTo(key);
    assertThat(over.counted()).isFalse();
    assertThat(over.decision()).isEqualTo(new RateLimiter.Decision(false, 30, 0, 40));
    assertThat(b.acquire("k-across", "export", LIMIT).decision().allowed()).isFalse();
    assertThat(window("k-across", "export"))
        .isEqualTo(new Document("w", windowStart()).append("n", 30L));
    // Other classes count on their own.
    assertThat(b.acquire("k-across", "default", LIMIT).decision().remaining()).isEqualTo(29);

    // The next window starts again at 1.
    now.set(Instant.parse("2026-01-01T10:01:59.500Z"));
    KeyRateLimiter.Counted next = b.acquire("k-across", "export", LIMIT);
    assertThat(next.decision()).isEqualTo(new RateLimiter.Decision(true, 30, 29, 1));
    assertThat(window("k-across", "export"))
        .isEqualTo(new Document("w", windowStart()).append("n", 1L));
    assertThat(window("k-across", "default").getLong("n")).isEqualTo(1L);
  }

  private static long windowStart() {
    long ms = now.get().toEpochMilli();
    return ms - Math.floorMod(ms, 60_000L);
  }

  @Test
  void unknownKeyCountsNothingAndRevokedKeyIsNotCounted() {
    now.set(Instant.parse("2026-01-01T12:00:00Z"));
    KeyRateLimiter limiter = limiter();
    assertThat(limiter.acquire("k-nobody", "default", LIMIT))
        .isEqualTo(KeyRateLimiter.Counted.unknown());
    assertThat(keys().countDocuments(Filters.eq("keyId", "k-nobody"))).isZero();

    newKey("k-revoked");
    assertThat(limiter.acquire("k-revoked", "default", LIMIT).counted()).isTrue();
    assertThat(store.tenants().revokeKey("k-revoked", now.get())).isPresent();
    KeyRateLimiter.Counted revoked = limiter.acquire("k-revoked", "default", LIMIT);
    assertThat(revoked.key().revoked()).isTrue();
    assertThat(revoked.decision()).isNull();
    assertThat(revoked.counted()).isFalse();
    // The revocation kept the counter, and the revoked key's request was not counted.
    assertThat(window("k-revoked", "default").getLong("n")).isEqualTo(1L);
  }

  @Test
  void refundTakesBackOnlyTheCountedRequestOfItsOwnWindow() {
    now.set(Instant.parse("2026-01-01T13:00:00Z"));
    newKey("k-refund");
    KeyRateLimiter limiter = limiter();
    limiter.acquire("k-refund", "default", LIMIT);
    KeyRateLimiter.Counted second = limiter.acquire("k-refund", "default", LIMIT);
    assertThat(window("k-refund", "default").getLong("n")).isEqualTo(2L);
    limiter.refund("k-refund", "default", second);
    assertThat(window("k-refund", "default").getLong("n")).isEqualTo(1L);
    // Not counted (over the limit, revoked, unknown): nothing to take back.
    limiter.refund(
        "k-refund",
        "default",
        new KeyRateLimiter.Counted(second.key(), second.decision(), false, second.windowStart()));
    assertThat(window("k-refund", "default").getLong("n")).isEqualTo(1L);
    // A refund after the window ended leaves the new window alone.
    now.set(Instant.parse("2026-01-01T13:01:00Z"));
    KeyRateLimiter.Counted fresh = limiter.acquire("k-refund", "default", LIMIT);
    assertThat(fresh.decision().remaining()).isEqualTo(29);
    limiter.refund("k-refund", "default", second);
    assertThat(window("k-refund", "default").getLong("n")).isEqualTo(1L);
  }

  @Test
  void countsAreSentWithWriteConcernJFalse_theKeyReadsWithout() {
    now.set(Instant.parse("2026-01-01T13:30:00Z"));
    newKey("k-concern");
    List<org.bson.BsonDocument> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.mongodb.event.CommandListener listener =
        new com.mongodb.event.CommandListener() {
          @Override
          public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
            if (event.getCommand().containsKey(event.getCommandName())
                && MongoStore.API_KEYS.equals(
                    event.getCommand().get(event.getCommandName()).asString().getValue())) {
              sent.add(event.getCommand().clone());
            }
          }
        };
    try (com.mongodb.client.MongoClient client =
        com.mongodb.client.MongoClients.create(
            com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(mongo.connectionString()))
                .addCommandListener(listener)
                .build())) {
      MongoKeyRateLimiter limiter =
          new MongoKeyRateLimiter(
              client.getDatabase(store.database().getName()).getCollection(MongoStore.API_KEYS),
              CLOCK);
      // Opens the window (count missed, key read, window opened), then counts, then refunds.
      limiter.acquire("k-concern", "default", LIMIT);
      KeyRateLimiter.Counted second = limiter.acquire("k-concern", "default", LIMIT);
      limiter.refund("k-concern", "default", second);
    }

    assertThat(sent)
        .extracting(c -> c.getFirstKey())
        .containsExactly("findAndModify", "find", "findAndModify", "findAndModify", "update");
    org.bson.BsonDocument unjournaled =
        new org.bson.BsonDocument("w", new org.bson.BsonInt32(1))
            .append("j", org.bson.BsonBoolean.FALSE);
    for (org.bson.BsonDocument command : sent) {
      if (command.getFirstKey().equals("find")) {
        assertThat(command.containsKey("writeConcern")).isFalse();
      } else {
        assertThat(command.getDocument("writeConcern")).as(command.toJson()).isEqualTo(unjournaled);
      }
    }
    assertThat(window("k-concern", "default").getLong("n")).isEqualTo(1L);
  }

  @Test
  void theRaceForTheLastSlotHasExactlyOneWinner() {
    now.set(Instant.parse("2026-01-01T14:00:00Z"));
    newKey("k-last");
    RateLimiter.Limit two = new RateLimiter.Limit(2, Duration.ofMinutes(1));
    MongoKeyRateLimiter a = limiter();
    MongoKeyRateLimiter b = limiter();
    assertThat(a.acquire("k-last", "default", two).decision().remaining()).isEqualTo(1);
    // B takes the last slot after A decided to count but before A's update reaches the store.
    AtomicReference<KeyRateLimiter.Counted> bResult = new AtomicReference<>();
    a.beforeAttempt =
        attempt -> {
          if (attempt == 0) {
            bResult.set(b.acquire("k-last", "default", two));
          }
        };
    KeyRateLimiter.Counted aResult = a.acquire("k-last", "default", two);
    assertThat(bResult.get().decision().allowed()).isTrue();
    assertThat(aResult.decision().allowed()).isFalse();
    assertThat(aResult.counted()).isFalse();
    assertThat(window("k-last", "default").getLong("n")).isEqualTo(2L);
  }

  @Test
  void twoRequestsOpeningTheSameWindowAreBothCounted() {
    now.set(Instant.parse("2026-01-01T15:00:00Z"));
    newKey("k-open");
    MongoKeyRateLimiter a = limiter();
    MongoKeyRateLimiter b = limiter();
    // A finds no current window; B opens it before A reads the key; A must count in B's window.
    AtomicReference<KeyRateLimiter.Counted> bResult = new AtomicReference<>();
    a.afterMissedCount =
        () -> {
          if (bResult.get() == null) {
            bResult.set(b.acquire("k-open", "default", LIMIT));
          }
        };
    KeyRateLimiter.Counted aResult = a.acquire("k-open", "default", LIMIT);
    assertThat(bResult.get().decision().remaining()).isEqualTo(29);
    assertThat(aResult.decision().remaining()).isEqualTo(28);
    assertThat(window("k-open", "default"))
        .isEqualTo(new Document("w", windowStart()).append("n", 2L));
  }

  @Test
  void concurrentRequestsOnTwoInstancesAreCountedExactly() throws Exception {
    now.set(Instant.parse("2026-01-01T16:00:05Z"));
    newKey("k-conc");
    KeyRateLimiter a = limiter();
    KeyRateLimiter b = limiter();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        KeyRateLimiter limiter = i % 2 == 0 ? a : b;
        Callable<Boolean> call =
            () -> {
              go.await();
              return limiter.acquire("k-conc", "export", LIMIT).decision().allowed();
            };
        results.add(pool.submit(call));
      }
      go.countDown();
      int allowed = 0;
      for (Future<Boolean> f : results) {
        allowed += f.get() ? 1 : 0;
      }
      assertThat(allowed).isEqualTo(30);
      assertThat(window("k-conc", "export").getLong("n")).isEqualTo(30L);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void adminUpdatesKeepTheCountersAndKeyReadsDoNotShowThem() {
    now.set(Instant.parse("2026-01-01T17:00:00Z"));
    ApiKey key = newKey("k-admin");
    KeyRateLimiter limiter = limiter();
    limiter.acquire("k-admin", "default", LIMIT);
    limiter.acquire("k-admin", "export", LIMIT);
    Instant until = Instant.parse("2026-01-02T00:00:00Z");
    ApiKey rotated =
        store
            .tenants()
            .rotateKey("k-admin", key.secretHash(), "pbkdf2-sha256$1$c2FsdA$bmV3", until)
            .orElseThrow();
    assertThat(window("k-admin", "default").getLong("n")).isEqualTo(1L);
    assertThat(window("k-admin", "export").getLong("n")).isEqualTo(1L);
    // The count returns the key as it is now: the rotation is seen at once.
    KeyRateLimiter.Counted after = limiter.acquire("k-admin", "default", LIMIT);
    assertThat(after.key()).isEqualTo(rotated);
    assertThat(after.key().secretHash()).isEqualTo("pbkdf2-sha256$1$c2FsdA$bmV3");
    assertThat(after.key().previousSecretHash()).isEqualTo(key.secretHash());
    assertThat(store.tenants().grantScopesIfUnset("k-admin", java.util.Set.of("x"))).isFalse();
    assertThat(store.tenants().findKey("k-admin")).contains(rotated);
    assertThat(store.tenants().listKeys(key.tenantId())).containsExactly(rotated);
    assertThat(window("k-admin", "default").getLong("n")).isEqualTo(2L);
  }
}
