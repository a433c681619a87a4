package org.courseport.server.domain.coursepackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.coursepackage.MongoQuotaOverrides;
import org.courseport.server.storage.mongo.coursepackage.MongoQuotaReservations;
import org.courseport.server.testing.AdjustableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stored-bytes quota is reserved atomically across replicas (two MongoClients on one store):
 * two reservations forced to read the same usage before either reserves get one reservation and one
 * QUOTA_EXCEEDED naming the bytes; a reservation ends when closed, at its {@code until}, or when
 * its lease has run out (its holder died); taking it again for the same upload replaces it.
 */
class QuotaBytesReservationTest {
  private static EmbeddedTestMongo mongo;
  private static MongoStore one;
  private static MongoStore two;
  private static final AdjustableClock CLOCK =
      new AdjustableClock(Instant.parse("2026-04-01T10:00:00Z"));
  private static final AtomicInteger TENANTS = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    mongo = EmbeddedTestMongo.start();
    one = new MongoStore(mongo.connectionString());
    two = new MongoStore(mongo.connectionString());
  }

  @AfterAll
  static void stop() throws Exception {
    one.close();
    two.close();
    mongo.close();
  }

  /**
   * A replica's quotas: 1000 bytes stored by every tenant, a 5000-byte quota, a 10-minute lease.
   */
  private static Quotas quotas(MongoStore store) {
    CourseCatalog catalog =
        new CourseCatalog(store.courses(), store.versions(), store.jobs(), null, List.of(), CLOCK);
    return new Quotas(
            catalog,
            tenantId -> 1000,
            new MongoQuotaOverrides(store.database()),
            new MongoQuotaReservations(store.database()),
            CLOCK,
            0,
            5000)
        .reservationLease(Duration.ofMinutes(10));
  }

  private static String newTenant() {
    return "bytes-tenant-" + TENANTS.incrementAndGet();
  }

  private static QuotaReservations.State state(String tenant) {
    return new MongoQuotaReservations(one.database()).read(tenant);
  }

  @Test
  void twoReplicasRacingForTheLastBytes_getOneReservationAndOneQuotaExceeded() throws Exception {
    String tenant = newTenant();
    Quotas a = quotas(one);
    Quotas b = quotas(two);
    // The tenant's document exists: the race is decided by the update conditional on its version.
    a.reserveBytes(tenant, "upl_warm_up", 1, null).close();
    assertThat(state(tenant).version()).isEqualTo(2);
    CyclicBarrier bothRead = new CyclicBarrier(2);
    AtomicInteger reads = new AtomicInteger();
    Runnable hold =
        () -> {
          if (reads.incrementAndGet() <= 2) {
            try {
              bothRead.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        };
    a.afterUsageRead(hold);
    b.afterUsageRead(hold);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Object> outcomes = new ArrayList<>();
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (Quotas q : List.of(a, b)) {
        String upload = q == a ? "upl_a" : "upl_b";
        futures.add(
            pool.submit(
                () -> {
                  try {
                    return (Object) q.reserveBytes(tenant, upload, 3000, null);
                  } catch (DomainException e) {
                    return e;
                  }
                }));
      }
      for (Future<Object> f : futures) {
        outcomes.add(f.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    List<Quotas.Reservation> won =
        outcomes.stream()
            .filter(Quotas.Reservation.class::isInstance)
            .map(Quotas.Reservation.class::cast)
            .toList();
    List<DomainException> lost =
        outcomes.stream()
            .filter(DomainException.class::isInstance)
            .map(DomainException.class::cast)
            .toList();
    assertThat(won).hasSize(1);
    assertThat(lost).hasSize(1);
    assertThat(lost.get(0).reason()).isEqualTo(Quotas.REASON);
    assertThat(lost.get(0).kind()).isEqualTo(DomainException.Kind.RESOURCE_EXHAUSTED);
    assertThat(lost.get(0).getMessage())
        .isEqualTo(
            "Storage quota exceeded: 1000 of 5000 bytes are used, 3000 are reserved by uploads in"
                + " progress, and the upload needs 3000. Delete unused packages.");
    assertThat(lost.get(0).metadata())
        .containsEntry("quota", "bytes")
        .containsEntry("used", "4000")
        .containsEntry("limit", "5000");
    assertThat(state(tenant).held()).hasSize(1);
    assertThat(state(tenant).bytes()).isEqualTo(3000);

    assertThat(reads.get()).as("the loser read the usage again").isEqualTo(3);
    a.afterUsageRead(null);
    b.afterUsageRead(null);
    won.get(0).close();
    won.get(0).close(); // a second close releases nothing more
    assertThat(state(tenant).held()).isEmpty();
    b.reserveBytes(tenant, "upl_c", 4000, null).close();
  }

  @Test
  void aReservationWhoseHolderDied_stopsCountingAfterTheLease() {
    String tenant = newTenant();
    Quotas a = quotas(one);
    Quotas b = quotas(two);
    a.reserveBytes(tenant, "upl_dead", 4000, null); // never closed: its process "died"
    CLOCK.advance(Duration.ofMinutes(9));
    assertThatThrownBy(() -> b.reserveBytes(tenant, "upl_next", 1, null))
        .hasMessageContaining("4000 are reserved");
    assertThat(b.reservedBytes(tenant)).isEqualTo(4000);
    CLOCK.advance(Duration.ofMinutes(1).plusSeconds(1));
    assertThat(b.reservedBytes(tenant)).isZero();
    Quotas.Reservation next = b.reserveBytes(tenant, "upl_next", 4000, null);
    // The dead reservation was dropped by the same write.
    assertThat(state(tenant).held())
        .extracting(QuotaReservations.Held::id)
        .containsExactly("upl_next");
    next.close();
    assertThat(state(tenant).held()).isEmpty();
  }

  @Test
  void aPackageReservationWhoseHolderDied_stopsCountingAfterTheSameLease() {
    String tenant = newTenant();
    Quotas a = quotas(one);
    Quotas b = quotas(two);
    a.override(tenant, 1L, null);
    a.reserveNewPackage(tenant, "import-course:dead"); // never closed: its process "died"
    CLOCK.advance(Duration.ofMinutes(9));
    assertThatThrownBy(() -> b.reserveNewPackage(tenant)).hasMessageContaining("1 being created");
    CLOCK.advance(Duration.ofMinutes(1).plusSeconds(1));
    Quotas.Reservation next = b.reserveNewPackage(tenant, "import-course:next");
    // The dead reservation was dropped by the same write.
    assertThat(state(tenant).held())
        .extracting(QuotaReservations.Held::id)
        .containsExactly("import-course:next");
    next.close();
    assertThat(state(tenant).held()).isEmpty();
  }

  @Test
  void aReservationEndsAtItsUntil_andTakingItAgainReplacesIt() {
    String tenant = newTenant();
    Quotas a = quotas(one);
    Instant urlExpires = CLOCK.instant().plus(Duration.ofMinutes(2));
    a.reserveBytes(tenant, "upl_url", 2500, urlExpires);
    // The same upload taking its reservation again (its PUT starting) does not count twice.
    Quotas.Reservation put = a.reserveBytes(tenant, "upl_url", 2500, null);
    assertThat(state(tenant).held()).hasSize(1);
    assertThat(state(tenant).held().get(0).until()).isNull();
    assertThatThrownBy(() -> a.reserveBytes(tenant, "upl_other", 1501, null))
        .hasMessageContaining("2500 are reserved");
    put.close();

    // A minted URL that is never used stops counting when it expires.
    a.reserveBytes(tenant, "upl_unused", 4000, urlExpires);
    assertThatThrownBy(() -> a.reserveBytes(tenant, "upl_other", 1, null))
        .hasMessageContaining("4000 are reserved");
    CLOCK.set(urlExpires);
    a.reserveBytes(tenant, "upl_other", 4000, null).close();
  }

  @Test
  void anUnlimitedQuota_reservesNothing_andAnOverrideIsReservedAgainst() {
    String tenant = newTenant();
    Quotas a = quotas(one);
    a.override(tenant, null, 0L);
    a.reserveBytes(tenant, "upl_big", 1_000_000, null);
    assertThat(state(tenant).version()).isZero();
    a.override(tenant, null, 2000L);
    assertThatThrownBy(() -> a.reserveBytes(tenant, "upl_big2", 1001, null))
        .isInstanceOf(DomainException.class)
        .hasMessage(
            "Storage quota exceeded: 1000 of 2000 bytes are used and the upload needs 1001."
                + " Delete unused packages.");
    assertThat(state(tenant).held()).isEmpty();
  }
}
