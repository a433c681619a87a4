package org.courseport.server.storage.mongo.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.ratelimit.KeyRateLimiter;
import org.courseport.server.domain.ratelimit.RateLimiter;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Tenant;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The course epochs in the key documents, through {@link MongoStore}'s own repositories: a course
 * write increments the epoch of every key of its tenant and of no other, the rate count returns the
 * epoch with the key it counted, and the admin updates of a key keep it.
 */
class MongoCourseEpochsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final RateLimiter.Limit LIMIT = new RateLimiter.Limit(1000, Duration.ofMinutes(1));

  private EmbeddedTestMongo mongo;
  private MongoStore store;
  private MongoKeyRateLimiter limiter;

  @BeforeEach
  void start() throws Exception {
    mongo = EmbeddedTestMongo.start();
    store = new MongoStore(mongo.connectionString());
    limiter = store.tenants().keyRateLimiter(Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC));
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
    mongo.close();
  }

  private void key(String tenant, String keyId) {
    if (store.tenants().findTenant(tenant).isEmpty()) {
      store.tenants().insertTenant(new Tenant(tenant, tenant, T0));
    }
    store.tenants().insertKey(new ApiKey(keyId, tenant, "pbkdf2-sha256$1$c2FsdA$aGFzaA", T0));
  }

  private long epoch(String keyId) {
    KeyRateLimiter.Counted c = limiter.acquire(keyId, "default", LIMIT);
    assertThat(c.counted()).isTrue();
    assertThat(c.key().keyId()).isEqualTo(keyId);
    return c.courseEpoch();
  }

  @Test
  void aCourseWriteMovesTheEpochOfEveryKeyOfItsTenantOnly() {
    key("t1", "K1");
    key("t1", "K2");
    key("t2", "K3");
    assertThat(List.of(epoch("K1"), epoch("K2"), epoch("K3"))).containsExactly(0L, 0L, 0L);

    store.courses().insert(new Course("t1", "c1", "One", List.of(), T0, T0, 0, 1));
    assertThat(List.of(epoch("K1"), epoch("K2"), epoch("K3"))).containsExactly(1L, 1L, 0L);

    store.courses().setTitle("t1", "c1", "Renamed", T0);
    store.versions().setTitle("t1", "c1", "Renamed", T0);
    store.courses().addTags("t2", "nothing-here", List.of("x"), T0);
    assertThat(List.of(epoch("K1"), epoch("K2"), epoch("K3"))).containsExactly(3L, 3L, 1L);

    // Counting does not move it, and neither do reads.
    store.courses().find("t1", "c1");
    assertThat(epoch("K1")).isEqualTo(3L);
  }

  @Test
  void theAdminUpdatesOfAKeyKeepItsEpoch() {
    key("t1", "K1");
    store.courses().insert(new Course("t1", "c1", "One", List.of(), T0, T0, 0, 1));
    assertThat(
            store
                .tenants()
                .rotateKey(
                    "K1",
                    "pbkdf2-sha256$1$c2FsdA$aGFzaA",
                    "pbkdf2-sha256$1$bmV3$aGFzaA",
                    T0.plusSeconds(60)))
        .isPresent();
    assertThat(epoch("K1")).isEqualTo(1L);
    store.tenants().grantScopesIfUnset("K1", java.util.Set.of("read"));
    assertThat(epoch("K1")).isEqualTo(1L);
  }
}
