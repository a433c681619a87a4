package org.courseport.server.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.courseport.server.domain.launch.CourseSharingRepository.EnableOutcome;
import org.courseport.server.domain.launch.DefaultLaunchTokens;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchMode;
import org.courseport.server.domain.launch.LaunchOptions;
import org.courseport.server.domain.launch.TokenKind;
import org.courseport.server.domain.launch.TokenResolution;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.launch.MongoCourseSharing;
import org.courseport.server.storage.mongo.launch.MongoLaunchTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The launch token and sharing stores on embedded MongoDB, and the token service over them. */
class LaunchStorageTest {
  private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
  private static EmbeddedTestMongo mongo;
  private static MongoStore store;

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

  private static LaunchGrant tracked(String course, Instant expires) {
    return new LaunchGrant(
        "t1",
        course,
        3,
        LaunchMode.TRACKED,
        "sess",
        "user",
        new LaunchOptions(
            "https://x.example/",
            "sco_2",
            "fr",
            "https://c.example/a.css",
            "NEW_WINDOW",
            15,
            true,
            "Ann"),
        expires);
  }

  @Test
  void tokensRoundTripTheGrantAndExpireByTheClock() {
    MongoLaunchTokens repo = new MongoLaunchTokens(store.database());
    LaunchFakes.SettableClock clock = new LaunchFakes.SettableClock(T0);
    DefaultLaunchTokens tokens = new DefaultLaunchTokens(repo, Duration.ofMinutes(30), clock);
    LaunchGrant grant = tracked("round-trip", T0.plusSeconds(60));
    String link = tokens.issueLink(grant);
    assertThat(link).matches("[A-Za-z0-9_-]{43}");
    assertThat(tokens.issueLink(grant)).isNotEqualTo(link);

    var stored = repo.find(DefaultLaunchTokens.hash(link)).orElseThrow();
    assertThat(stored.kind()).isEqualTo(TokenKind.LINK);
    assertThat(stored.grant()).isEqualTo(grant);
    assertThat(stored.created()).isEqualTo(T0);

    clock.advance(Duration.ofSeconds(59));
    var opened = (TokenResolution.Valid) tokens.open(link);
    assertThat(opened.grant()).isEqualTo(grant.withExpiry(T0.plusSeconds(59 + 1800)));
    String delivery = opened.deliveryToken();
    assertThat(repo.find(DefaultLaunchTokens.hash(delivery)).orElseThrow().kind())
        .isEqualTo(TokenKind.DELIVERY);

    clock.advance(Duration.ofSeconds(1)); // exactly at expiresAt: expired
    assertThat(tokens.open(link)).isInstanceOf(TokenResolution.Expired.class);
    assertThat(tokens.delivery(delivery)).isInstanceOf(TokenResolution.Valid.class);
    clock.advance(Duration.ofMinutes(30));
    assertThat(tokens.delivery(delivery)).isInstanceOf(TokenResolution.Expired.class);

    // Expired tokens go by a query on their expiry; live ones stay.
    LaunchGrant later = tracked("round-trip", clock.instant().plusSeconds(600));
    String live = tokens.issueLink(later);
    assertThat(repo.deleteExpiredBefore(clock.instant())).isEqualTo(3);
    assertThat(tokens.open(link)).isInstanceOf(TokenResolution.Unknown.class);
    assertThat(tokens.open(live)).isInstanceOf(TokenResolution.Valid.class);
    assertThat(repo.deleteForCourse("t1", "round-trip")).isEqualTo(2); // the link and its delivery
    assertThat(tokens.open(live)).isInstanceOf(TokenResolution.Unknown.class);
  }

  @Test
  void concurrentSharesOfOneIdLetExactlyOneTenantWin() throws Exception {
    MongoCourseSharing sharing = new MongoCourseSharing(store.database());
    int tenants = 8;
    CountDownLatch ready = new CountDownLatch(tenants);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(tenants);
    try {
      List<Future<EnableOutcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < tenants; i++) {
        String tenant = "tenant-" + i;
        outcomes.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return sharing.enable(tenant, "contested", T0);
                }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      int won = 0;
      for (Future<EnableOutcome> f : outcomes) {
        if (f.get(60, TimeUnit.SECONDS) == EnableOutcome.ENABLED) {
          won++;
        }
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    String owner = sharing.sharingTenant("contested").orElseThrow();
    assertThat(sharing.isShared(owner, "contested")).isTrue();
    assertThat(sharing.enable(owner, "contested", T0)).isEqualTo(EnableOutcome.ENABLED);
    String other = owner.equals("tenant-0") ? "tenant-1" : "tenant-0";
    sharing.disable(other, "contested"); // not theirs: no effect
    assertThat(sharing.sharingTenant("contested")).contains(owner);
    sharing.disable(owner, "contested");
    assertThat(sharing.sharingTenant("contested")).isEmpty();
    assertThat(sharing.enable(other, "contested", T0)).isEqualTo(EnableOutcome.ENABLED);
  }
}
