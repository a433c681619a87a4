package org.courseport.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.courseport.server.domain.delivery.Delivery;
import org.courseport.server.testing.CliRun;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code courseport webhooks create|list|delete|deliveries} run in-process against the real server
 * over plaintext gRPC, with a receiver on loopback allowed for plain HTTP.
 */
class WebhooksCliTest {
  static final CountDownLatch delivered = new CountDownLatch(1);
  static final List<AggregatedHttpRequest> received = new CopyOnWriteArrayList<>();
  static final Server receiver = startReceiver();

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          .with("COURSEPORT_FETCH_ALLOW", "127.0.0.1:" + receiver.activeLocalPort())
          .with("COURSEPORT_WEBHOOK_PLAIN_HTTP_HOSTS", "127.0.0.1");

  private final String key = server.newTenant();

  @TempDir Path dir;

  static Server startReceiver() {
    Server s =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
            .service(
                "/cli-hook",
                (ctx, req) ->
                    HttpResponse.of(
                        req.aggregate()
                            .thenApply(
                                r -> {
                                  received.add(r);
                                  delivered.countDown();
                                  return HttpResponse.of(HttpStatus.OK);
                                })))
            .build();
    s.start().join();
    return s;
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop().join();
  }

  static String hookUrl() {
    return "http://127.0.0.1:" + receiver.activeLocalPort() + "/cli-hook";
  }

  @Test
  void createListDeliveriesDelete() throws Exception {
    CliRun created =
        cli("webhooks", "create", "--url", hookUrl(), "--event", "package.processing.completed");
    assertThat(created.exitCode()).as(created.err()).isZero();
    String id = value(created, "endpoint: ");
    assertThat(value(created, "secret:   ")).startsWith("whsec_");
    assertThat(created.err()).contains("not shown again");

    CliRun list = cli("webhooks", "list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.outLines()).hasSize(2);
    assertThat(list.outLines().get(0)).startsWith("ID").contains("EVENTS", "URL");
    assertThat(list.outLines().get(1))
        .startsWith(id)
        .contains("package.processing.completed", hookUrl());
    assertThat(cli("webhooks", "list", "--json").out())
        .contains("\"endpoint_id\"")
        .doesNotContain("whsec_");

    Path zip = TestPackages.write(dir, "c.zip", TestPackages.scorm12("Via CLI"));
    assertThat(cli("import", zip.toString(), "--course-id", "cli-hooked").exitCode()).isZero();
    assertThat(delivered.await(2, TimeUnit.MINUTES)).as("event delivered").isTrue();
    String deliveryId = received.get(0).headers().get(Signatures.ID);

    CliRun deliveries = awaitDelivered(id);
    assertThat(deliveries.outLines().get(0)).startsWith("DELIVERY").contains("STATUS", "LAST");
    assertThat(deliveries.outLines().get(1))
        .startsWith(deliveryId)
        .contains("package.processing.completed", "DELIVERED", "HTTP 200");

    CliRun deleted = cli("webhooks", "delete", id);
    assertThat(deleted.exitCode()).isZero();
    assertThat(deleted.out()).contains("deleted webhook endpoint '" + id + "'");
    CliRun again = cli("webhooks", "delete", id);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("WEBHOOK_ENDPOINT_NOT_FOUND");
    assertThat(cli("webhooks", "deliveries", id, "--limit", "0").exitCode()).isEqualTo(2);
  }

  @Test
  void createRefusesPlainHttpToAHostNotAllowed() {
    CliRun run =
        cli(
            "webhooks",
            "create",
            "--url",
            "http://hooks.example.com/x",
            "--event",
            "package.processing.failed");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("must use https").contains("WEBHOOK_HTTPS_REQUIRED");
  }

  /** The deliveries table once the delivery is recorded DELIVERED (hang detection only). */
  private CliRun awaitDelivered(String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      CliRun run = cli("webhooks", "deliveries", id);
      assertThat(run.exitCode()).as(run.err()).isZero();
      if (run.out().contains(Delivery.Status.DELIVERED.name())) {
        return run;
      }
      assertThat(System.nanoTime()).as("delivery recorded").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static String value(CliRun run, String prefix) {
    return run.outLines().stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).trim())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' in " + run.out()));
  }

  private CliRun cli(String... args) {
    return CliRun.run(server, key, args);
  }
}
