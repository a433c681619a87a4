package org.courseport.server.rest;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.rest.AllureTenantClient.assertQuotaExceeded;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
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
import org.bson.Document;
import org.courseport.server.domain.coursepackage.Quotas;
import org.courseport.server.testing.AdjustableClock;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Through the real server: the stored-bytes quota is reserved atomically. Two mints held (by the
 * quota's test hook) right after each has read the usage, both seeing room, then let go: one URL
 * and one "Quota Exceeded" naming the bytes, with nothing of the loser kept. A reservation is
 * released once its upload is stored, and one never released (its holder gone) stops counting after
 * its lease.
 */
class AllureBytesQuotaRaceRestTest {
  static final long MAX_BYTES = 5000;
  static final AdjustableClock CLOCK = new AdjustableClock(Instant.parse("2026-05-01T09:00:00Z"));

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          .withClock(CLOCK)
          .with("COURSEPORT_QUOTA_MAX_BYTES", Long.toString(MAX_BYTES))
          .with("COURSEPORT_QUOTA_RESERVATION_LEASE_SECONDS", "600");

  private final AllureTenantClient tenant = new AllureTenantClient(server);

  private Quotas quotas() {
    return server.server().services().quotas();
  }

  @AfterEach
  void unhook() {
    quotas().afterUsageRead(null);
  }

  private String tenantKey() {
    return server
        .server()
        .services()
        .tenants()
        .findKey(tenant.key().substring(0, tenant.key().indexOf(':')))
        .orElseThrow()
        .tenantId();
  }

  private List<Document> uploadsOfTenant() {
    return server
        .server()
        .services()
        .store()
        .database()
        .getCollection("packageUploads")
        .find(eq("tenantId", tenantKey()))
        .into(new ArrayList<>());
  }

  @SuppressWarnings("unchecked")
  private List<Document> reservations() {
    Document d =
        server
            .server()
            .services()
            .store()
            .database()
            .getCollection("quotaReservations")
            .find(eq("_id", tenantKey()))
            .first();
    return d == null ? List.of() : (List<Document>) d.get("reservations");
  }

  @Test
  void twoMintsRacingForTheLastBytes_getOneUrlAndOneQuotaExceeded_andTheLoserKeepsNothing()
      throws Exception {
    // The tenant's reservation document exists (a reservation taken and released), so the race is
    // decided by the update conditional on its version.
    quotas().reserveBytes(tenantKey(), "warm-up", 1, null).close();
    // The first two reads of the usage wait for each other: both see 0 of 5000 bytes used.
    CyclicBarrier bothRead = new CyclicBarrier(2);
    AtomicInteger reads = new AtomicInteger();
    quotas()
        .afterUsageRead(
            () -> {
              if (reads.incrementAndGet() <= 2) {
                try {
                  bothRead.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }
            });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<JsonNode> answers = new ArrayList<>();
    try {
      List<Future<JsonNode>> futures = new ArrayList<>();
      for (String name : List.of("a.zip", "b.zip")) {
        futures.add(
            pool.submit(
                () -> tenant.post("/api/v1/packages/upload-url", tenant.mintBody(name, 3000))));
      }
      for (Future<JsonNode> f : futures) {
        answers.add(f.get(2, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(reads.get()).as("the loser read the usage again").isEqualTo(3);
    List<JsonNode> minted = answers.stream().filter(a -> a.has("presigned_url")).toList();
    List<JsonNode> refused = answers.stream().filter(a -> !a.has("presigned_url")).toList();
    assertThat(minted).as("%s", answers).hasSize(1);
    assertThat(refused).hasSize(1);
    assertQuotaExceeded(refused.get(0));
    assertThat(refused.get(0).get("message").asText())
        .isEqualTo(
            "Storage quota exceeded: 0 of 5000 bytes are used, 3000 are reserved by uploads in"
                + " progress, and the upload needs 3000. Delete unused packages.");
    // Nothing of the loser: one upload record, one reservation (the winner's, its declared size).
    assertThat(uploadsOfTenant()).hasSize(1);
    List<Document> held = reservations();
    assertThat(held).hasSize(1);
    assertThat(held.get(0).get("id")).isEqualTo(uploadsOfTenant().get(0).getString("_id"));
    assertThat(held.get(0).get("bytes")).isEqualTo(3000L);
    quotas().afterUsageRead(null);

    // The winner's PUT stores its bytes: the reservation is released, the stored bytes count.
    byte[] body = new byte[3000];
    HttpRequest put =
        HttpRequest.newBuilder(URI.create(minted.get(0).get("presigned_url").asText()))
            .header("Content-Type", "application/zip")
            .PUT(BodyPublishers.ofByteArray(body))
            .build();
    AllureAnswer stored = AllureAnswer.send(put);
    assertThat(stored.status()).as("%s", stored).isEqualTo(200);
    assertThat(reservations()).isEmpty();
    JsonNode over = tenant.post("/api/v1/packages/upload-url", tenant.mintBody("c.zip", 2001));
    assertQuotaExceeded(over);
    assertThat(over.get("message").asText())
        .isEqualTo(
            "Storage quota exceeded: 3000 of 5000 bytes are used and the upload needs 2001."
                + " Delete unused packages.");
    JsonNode fits = tenant.post("/api/v1/packages/upload-url", tenant.mintBody("d.zip", 2000));
    assertThat(fits.get("status").asInt()).as("%s", fits).isEqualTo(200);
  }

  @Test
  void aReservationNeverReleased_stopsCountingAfterItsLease() {
    // A multipart upload declared at init holds its size (the upload lives 24 hours) ...
    JsonNode started =
        tenant.post("/api/v1/packages/multipart/init", tenant.mintBody("big.zip", 4000));
    assertThat(started.get("status").asInt()).as("%s", started).isEqualTo(200);
    // ... and is never completed: its holder is gone.
    CLOCK.advance(Duration.ofSeconds(599));
    JsonNode refused =
        tenant.post("/api/v1/packages/multipart/init", tenant.mintBody("next.zip", 1001));
    assertQuotaExceeded(refused);
    assertThat(refused.get("message").asText()).contains("4000 are reserved");
    assertThat(uploadsOfTenant()).hasSize(1);

    CLOCK.advance(Duration.ofSeconds(2));
    JsonNode taken =
        tenant.post("/api/v1/packages/multipart/init", tenant.mintBody("next.zip", 5000));
    assertThat(taken.get("status").asInt()).as("%s", taken).isEqualTo(200);
    // The stale reservation was dropped with the write that took the new one.
    List<Document> held = reservations();
    assertThat(held).hasSize(1);
    assertThat(held.get(0).get("bytes")).isEqualTo(5000L);
    assertThat(quotas().reservedBytes(tenantKey())).isEqualTo(5000L);
  }
}
