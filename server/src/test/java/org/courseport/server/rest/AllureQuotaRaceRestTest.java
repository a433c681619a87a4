package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.rest.AllureTenantClient.assertQuotaExceeded;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Through the real server: two uploads processed at once for the last package slot give one package
 * and one "Quota Exceeded", whatever the interleaving (the reservation is atomic; the forced
 * interleaving is in {@code QuotaReservationRaceTest}), and no reservation is left.
 */
class AllureQuotaRaceRestTest {
  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension().with("COURSEPORT_QUOTA_MAX_PACKAGES", "1");

  @Test
  void twoUploadsRacingForTheLastSlotGiveOnePackageAndOneQuotaExceeded() throws Exception {
    AllureTenantClient tenant = new AllureTenantClient(server);
    List<String> stored =
        List.of(
            tenant.store(TestPackages.scorm12("Racer A")),
            tenant.store(TestPackages.scorm12("Racer B")));
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<JsonNode> answers = new ArrayList<>();
    try {
      List<Future<JsonNode>> futures = new ArrayList<>();
      for (String path : stored) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return tenant.process(path, Map.of());
                }));
      }
      go.countDown();
      for (Future<JsonNode> f : futures) {
        answers.add(f.get(5, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }
    List<JsonNode> created = answers.stream().filter(a -> a.has("package")).toList();
    List<JsonNode> refused = answers.stream().filter(a -> !a.has("package")).toList();
    assertThat(created).as("%s", answers).hasSize(1);
    assertThat(refused).hasSize(1);
    assertQuotaExceeded(refused.get(0));
    assertThat(refused.get(0).get("message").asText()).contains("Package quota exceeded");
    JsonNode list =
        tenant.send("GET", "/api/v1/packages?tenant_id=" + tenant.tenantId(), null, null);
    assertThat(list.toString()).contains(created.get(0).get("package").get("package_id").asText());
    // The winner's reservation was released once its import ended.
    var reservations =
        server
            .server()
            .services()
            .store()
            .database()
            .getCollection("quotaReservations")
            .find()
            .into(new ArrayList<>());
    assertThat(reservations).allSatisfy(d -> assertThat(d.get("packages")).isEqualTo(0L));
  }
}
