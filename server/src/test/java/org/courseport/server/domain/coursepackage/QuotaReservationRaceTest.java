package org.courseport.server.domain.coursepackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.course.Course;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.coursepackage.MongoQuotaOverrides;
import org.courseport.server.storage.mongo.coursepackage.MongoQuotaReservations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package quota is reserved atomically: two creations on two replicas (two MongoClients on one
 * store) racing for the last slot, forced to interleave (both read the same state before either
 * reserves), get one reservation and one QUOTA_EXCEEDED; a release frees the slot; a crashed
 * process's reservation is reclaimed.
 */
class QuotaReservationRaceTest {
  private static EmbeddedTestMongo mongo;
  private static MongoStore one;
  private static MongoStore two;
  private static final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-03-01T10:00:00Z"));
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
    one = new MongoStore(mongo.connectionString());
    two = new MongoStore(mongo.connectionString());
  }

  @AfterAll
  static void stop() throws Exception {
    one.close();
    two.close();
    mongo.close();
  }

  private static Quotas quotas(MongoStore store) {
    CourseCatalog catalog =
        new CourseCatalog(store.courses(), store.versions(), store.jobs(), null, List.of(), CLOCK);
    return new Quotas(
        catalog,
        tenantId -> 0,
        new MongoQuotaOverrides(store.database()),
        new MongoQuotaReservations(store.database()),
        CLOCK,
        0,
        0);
  }

  private static void addPackage(String tenant, String id) {
    one.courses().insert(new Course(tenant, id, id, List.of(), Instant.EPOCH, Instant.EPOCH, 0, 1));
  }

  @Test
  void twoCreationsRacingForTheLastSlotGetOneReservationAndOneQuotaExceeded() throws Exception {
    String tenant = "race-tenant";
    Quotas a = quotas(one);
    Quotas b = quotas(two);
    a.override(tenant, 3L, null);
    addPackage(tenant, "pkg_1");
    addPackage(tenant, "pkg_2");
    // Both read the reservations and count 2 packages before either reserves.
    CyclicBarrier bothRead = new CyclicBarrier(2);
    ThreadLocal<Boolean> first = ThreadLocal.withInitial(() -> true);
    Runnable hold =
        () -> {
          if (first.get()) {
            first.set(false);
            try {
              bothRead.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        };
    a.afterRead = hold;
    b.afterRead = hold;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Object> outcomes = new ArrayList<>();
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (Quotas q : List.of(a, b)) {
        futures.add(
            pool.submit(
                () -> {
                  try {
                    return (Object) q.reserveNewPackage(tenant);
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
            "Package quota exceeded: the tenant has 2 of 3 packages and 1 being created. Delete"
                + " unused packages or add a revision to an existing one.");
    assertThat(lost.get(0).metadata()).containsEntry("used", "3").containsEntry("limit", "3");

    // The winner's package is created, then its reservation released: still full.
    a.afterRead = () -> {};
    b.afterRead = () -> {};
    addPackage(tenant, "pkg_3");
    won.get(0).close();
    won.get(0).close(); // a second close releases nothing more
    assertThat(new MongoQuotaReservations(one.database()).read(tenant).packages()).isZero();
    assertThatThrownBy(() -> b.reserveNewPackage(tenant))
        .hasMessageStartingWith("Package quota exceeded: the tenant has 3 of 3 packages.");

    // A creation that fails releases its slot too: after a deletion, two in a row each get it.
    one.courses().delete(tenant, "pkg_3", CLOCK.instant());
    Quotas.Reservation failed = a.reserveNewPackage(tenant);
    assertThatThrownBy(() -> b.reserveNewPackage(tenant)).hasMessageContaining("1 being created");
    failed.close();
    b.reserveNewPackage(tenant).close();
  }

  @Test
  void aCrashedProcesssReservationIsReclaimedAfterAnHour() {
    String tenant = "crash-tenant";
    Quotas a = quotas(one);
    Quotas b = quotas(two);
    a.override(tenant, 1L, null);
    now.set(Instant.parse("2026-03-01T10:00:00Z"));
    a.reserveNewPackage(tenant); // never closed: its process "crashed"
    now.set(Instant.parse("2026-03-01T10:59:00Z"));
    assertThatThrownBy(() -> b.reserveNewPackage(tenant))
        .hasMessageContaining("0 of 1 packages and 1 being created");
    now.set(now.get().plus(Duration.ofMinutes(2)));
    Quotas.Reservation reclaimed = b.reserveNewPackage(tenant);
    assertThat(new MongoQuotaReservations(two.database()).read(tenant).packages()).isEqualTo(1);
    reclaimed.close();
    assertThat(new MongoQuotaReservations(two.database()).read(tenant).packages()).isZero();
  }
}
