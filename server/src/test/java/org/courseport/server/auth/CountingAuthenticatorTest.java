package org.courseport.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.bson.Document;
import org.courseport.server.domain.ratelimit.RateLimiter;
import org.courseport.server.domain.ratelimit.RateLimits;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Tenant;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.tenant.MongoTenantRepository;
import org.courseport.server.testing.AdjustableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Authenticator#authenticateAndCount} on the real key documents: the same guarantees as the
 * plain read (no timing oracle, revocation and rotation at once, grace by the clock, the cache only
 * with the hash just read), and wrong credentials never left counted.
 */
class CountingAuthenticatorTest {
  private static final RateLimits.Applied THREE =
      new RateLimits.Applied("default", new RateLimiter.Limit(3, Duration.ofHours(24)));
  private static EmbeddedTestMongo mongo;
  private static MongoStore store;

  private final SecretHasher hasher = new SecretHasher(SecretHasher.MIN_ITERATIONS, 100);
  private final AdjustableClock clock = new AdjustableClock(Instant.parse("2026-03-01T08:00:00Z"));

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

  private MongoTenantRepository tenants() {
    return store.tenants();
  }

  private Authenticator authenticator() {
    return new Authenticator(tenants(), hasher, clock, tenants().keyRateLimiter(clock));
  }

  private ApiKey key(String keyId, String secret) {
    tenants().insertTenant(new Tenant("t-" + keyId, "t", clock.instant()));
    ApiKey key = new ApiKey(keyId, "t-" + keyId, hasher.hash(secret), clock.instant());
    tenants().insertKey(key);
    return key;
  }

  private static long count(String keyId) {
    Document doc =
        store
            .database()
            .getCollection(MongoStore.API_KEYS)
            .find(new Document("keyId", keyId))
            .first();
    Document rl = doc.get("rl", Document.class);
    return rl == null ? 0 : rl.get("default", Document.class).getLong("n");
  }

  @Test
  void unknownRevokedAndWrongSecretCostOneDerivationEachAndCountNothing() {
    Authenticator auth = authenticator();
    key("C1", "right");
    assertThat(auth.authenticateAndCount("Bearer C1:right", THREE).decision().remaining())
        .isEqualTo(2);

    long before = hasher.derivations();
    assertThat(auth.authenticateAndCount("Bearer nobody:right", THREE).authenticated()).isFalse();
    assertThat(hasher.derivations() - before).as("unknown key").isEqualTo(1);

    before = hasher.derivations();
    Authenticator.Verdict wrong = auth.authenticateAndCount("Bearer C1:wrong", THREE);
    assertThat(wrong.authenticated()).isFalse();
    assertThat(wrong.decision()).isNull();
    assertThat(hasher.derivations() - before).as("wrong secret").isEqualTo(1);
    assertThat(count("C1")).as("the wrong secret was handed back").isEqualTo(1);

    before = hasher.derivations();
    assertThat(auth.authenticateAndCount("Bearer C1:right", THREE).authenticated()).isTrue();
    assertThat(hasher.derivations() - before).as("cached").isZero();
    assertThat(count("C1")).isEqualTo(2);

    tenants().revokeKey("C1", clock.instant());
    before = hasher.derivations();
    assertThat(auth.authenticateAndCount("Bearer C1:right", THREE).authenticated())
        .as("revoked: refused on the next call although the secret is cached")
        .isFalse();
    assertThat(hasher.derivations() - before).as("revoked key").isEqualTo(1);
    assertThat(count("C1")).isEqualTo(2);
  }

  @Test
  void overTheLimitTheRightSecretIsRefusedByTheLimitAndAWrongOneAsUnauthenticated() {
    Authenticator auth = authenticator();
    key("C2", "right");
    for (int left = 2; left >= 0; left--) {
      Authenticator.Verdict v = auth.authenticateAndCount("Basic " + b64("C2:right"), THREE);
      assertThat(v.decision()).isEqualTo(new RateLimiter.Decision(true, 3, left, 57_600));
    }
    Authenticator.Verdict over = auth.authenticateAndCount("Bearer C2.right", THREE);
    assertThat(over.key().keyId()).isEqualTo("C2");
    assertThat(over.decision().allowed()).isFalse();
    Authenticator.Verdict wrong = auth.authenticateAndCount("Bearer C2:wrong", THREE);
    assertThat(wrong).isEqualTo(new Authenticator.Verdict(null, null));
    assertThat(count("C2")).isEqualTo(3);
    // Without a limit (rate limits off) it is the plain read: no decision, nothing counted.
    Authenticator.Verdict off = auth.authenticateAndCount("Bearer C2:right", null);
    assertThat(off.key().keyId()).isEqualTo("C2");
    assertThat(off.decision()).isNull();
    assertThat(count("C2")).isEqualTo(3);
  }

  @Test
  void rotationAppliesOnTheNextCallAndThePreviousSecretOnlyWithinGrace() {
    Authenticator auth = authenticator();
    ApiKey k = key("C3", "old");
    RateLimits.Applied many =
        new RateLimits.Applied("default", new RateLimiter.Limit(100, Duration.ofHours(24)));
    assertThat(auth.authenticateAndCount("Bearer C3:old", many).authenticated()).isTrue();
    tenants()
        .rotateKey("C3", k.secretHash(), hasher.hash("new"), clock.instant().plusSeconds(3600));
    assertThat(auth.authenticateAndCount("Bearer C3:new", many).authenticated()).isTrue();
    assertThat(auth.authenticateAndCount("Bearer C3:old", many).authenticated())
        .as("previous secret within grace")
        .isTrue();
    clock.advance(Duration.ofSeconds(3600));
    long before = count("C3");
    assertThat(auth.authenticateAndCount("Bearer C3:old", many).authenticated())
        .as("previous secret after grace")
        .isFalse();
    assertThat(count("C3")).isEqualTo(before);
    assertThat(auth.authenticateAndCount("Bearer C3:new", many).authenticated()).isTrue();
    // Malformed credentials touch nothing.
    assertThat(auth.authenticateAndCount("Bearer C3", many).authenticated()).isFalse();
    assertThat(auth.authenticateAndCount(null, many).authenticated()).isFalse();
    assertThat(count("C3")).isEqualTo(before + 1);
  }

  private static String b64(String s) {
    return java.util.Base64.getEncoder()
        .encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
