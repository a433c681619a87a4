package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.testing.TestHttp.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp;
import org.courseport.server.testing.TestPackages;
import org.courseport.server.webhooks.Signatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The webhook routes under {@code /api/v1/webhooks} through the real server (transcoded
 * WebhookService, the Allure dialect's errors), and the processing events of real imports
 * delivered, signed, to a receiver on loopback that the test configuration allows for plain HTTP.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WebhookRestTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final LinkedBlockingQueue<AggregatedHttpRequest> received = new LinkedBlockingQueue<>();
  static final Server receiver = startReceiver();

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          .with("COURSEPORT_FETCH_ALLOW", "127.0.0.1:" + receiver.activeLocalPort())
          .with("COURSEPORT_WEBHOOK_PLAIN_HTTP_HOSTS", "127.0.0.1");

  static Server startReceiver() {
    Server s =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
            .service(
                "/hook",
                (ctx, req) ->
                    HttpResponse.of(
                        req.aggregate()
                            .thenApply(
                                r -> {
                                  received.add(r);
                                  return HttpResponse.of(HttpStatus.NO_CONTENT);
                                })))
            .build();
    s.start().join();
    return s;
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop().join();
  }

  record Answer(int status, JsonNode json) {}

  /** Calls the front with a JSON body (none when null), typed JSON even when bodiless. */
  static Answer call(String method, String path, String key, Object body) {
    HttpRequest request =
        TestHttp.request(
                method,
                URI.create(server.http() + path),
                key == null ? null : "Bearer " + key,
                body)
            .setHeader("Content-Type", "application/json")
            .build();
    TestHttp.Response r = TestHttp.send(HTTP, request);
    return new Answer(r.status(), r.jsonOrNullNode());
  }

  static String hookUrl() {
    return "http://127.0.0.1:" + receiver.activeLocalPort() + "/hook";
  }

  static JsonNode create(String key, List<String> events) {
    Answer a = call("POST", "/api/v1/webhooks", key, Map.of("url", hookUrl(), "events", events));
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    return a.json();
  }

  static AggregatedHttpRequest nextDelivery() throws InterruptedException {
    AggregatedHttpRequest r = received.poll(2, TimeUnit.MINUTES);
    assertThat(r).as("a delivery reached the receiver").isNotNull();
    return r;
  }

  @Test
  void createGetListDelete_withSnakeCaseJsonAndTheSecretShownOnce() {
    String key = server.newTenant();
    JsonNode created = create(key, List.of("package.processing.failed"));
    assertThat(created.get("secret").asText()).startsWith("whsec_");
    JsonNode endpoint = created.get("endpoint");
    String id = endpoint.get("endpoint_id").asText();
    assertThat(endpoint.get("url").asText()).isEqualTo(hookUrl());
    assertThat(endpoint.get("events")).hasSize(1);
    assertThat(endpoint.get("created_at").asText()).endsWith("Z");

    Answer got = call("GET", "/api/v1/webhooks/" + id, key, null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json().get("endpoint")).isEqualTo(endpoint);
    assertThat(got.json().toString()).doesNotContain(created.get("secret").asText());

    Answer list = call("GET", "/api/v1/webhooks?page_size=1", key, null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().get("endpoints")).containsExactly(endpoint);

    Answer other = call("GET", "/api/v1/webhooks/" + id, server.newTenant(), null);
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.json().get("code").asText()).isEqualTo("WEBHOOK_ENDPOINT_NOT_FOUND");
    assertThat(other.json().get("error").asText()).isEqualTo("Not Found");
    assertThat(call("GET", "/api/v1/webhooks", null, null).status()).isEqualTo(401);

    assertThat(call("DELETE", "/api/v1/webhooks/" + id, key, null).status()).isEqualTo(200);
    Answer gone = call("GET", "/api/v1/webhooks/" + id, key, null);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().get("message").asText()).contains(id);
    assertThat(call("GET", "/api/v1/webhooks/" + id + "/deliveries", key, null).status())
        .isEqualTo(404);
  }

  @Test
  void plainHttpToAHostNotAllowedAndUnknownEventsAre400AndAPrivateAddress403() {
    String key = server.newTenant();
    Answer http =
        call(
            "POST",
            "/api/v1/webhooks",
            key,
            Map.of(
                "url",
                "http://hooks.example.com/x",
                "events",
                List.of("package.processing.failed")));
    assertThat(http.status()).isEqualTo(400);
    assertThat(http.json().get("message").asText()).contains("must use https");
    Answer privateAddress =
        call(
            "POST",
            "/api/v1/webhooks",
            key,
            Map.of("url", "https://10.0.0.7/x", "events", List.of("package.processing.failed")));
    assertThat(privateAddress.status()).as("as for URL imports").isEqualTo(403);
    assertThat(privateAddress.json().toString()).contains("FETCH_FORBIDDEN_ADDRESS");
    Answer unknown =
        call("POST", "/api/v1/webhooks", key, Map.of("url", hookUrl(), "events", List.of("x.y")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("message").asText()).contains("Unknown event 'x.y'");
    assertThat(call("GET", "/api/v1/webhooks", key, null).json().path("endpoints")).isEmpty();
  }

  @Test
  void importsEmitSignedProcessingEventsAndTheLogShowsThem() throws Exception {
    String key = server.newTenant();
    JsonNode created =
        create(key, List.of("package.processing.completed", "package.processing.failed"));
    String secret = created.get("secret").asText();
    String endpointId = created.get("endpoint").get("endpoint_id").asText();
    ScormCloudRest scorm = ScormCloudRest.basic(server, key);

    JsonNode job = scorm.importCourse("hooked", TestPackages.scorm12("Hooked"));
    AggregatedHttpRequest completed = nextDelivery();
    assertSigned(completed, secret);
    JsonNode event = JSON.readTree(completed.contentUtf8());
    assertThat(event.get("type").asText()).isEqualTo("package.processing.completed");
    assertThat(completed.headers().get(Signatures.EVENT)).isEqualTo("package.processing.completed");
    assertThat(event.get("id").asText()).startsWith("evt_");
    JsonNode data = event.get("data");
    assertThat(data.get("package_id").asText()).isEqualTo("hooked");
    assertThat(data.get("revision").asInt()).isEqualTo(1);
    assertThat(data.get("upload_id").asText()).isEqualTo(job.get("jobId").asText());
    assertThat(data.get("summary").get("title").asText()).isEqualTo("Hooked");
    assertThat(data.get("summary").get("standard").asText()).isEqualTo("SCORM12");

    String failedJob =
        scorm.startUpload("broken", "", "not a zip".getBytes(StandardCharsets.UTF_8));
    assertThat(scorm.awaitJob(failedJob).get("status").asText()).isEqualTo("ERROR");
    AggregatedHttpRequest failed = nextDelivery();
    assertSigned(failed, secret);
    JsonNode failure = JSON.readTree(failed.contentUtf8());
    assertThat(failure.get("type").asText()).isEqualTo("package.processing.failed");
    assertThat(failure.get("data").get("upload_id").asText()).isEqualTo(failedJob);
    assertThat(failure.get("data").get("package_id").asText()).isEqualTo("broken");
    assertThat(failure.get("data").get("reason").asText()).isNotBlank();

    JsonNode log = awaitLoggedDelivered(key, endpointId, 2);
    assertThat(log.get(0).get("delivery_id").asText())
        .isEqualTo(failed.headers().get(Signatures.ID));
    assertThat(log.get(0).get("event").asText()).isEqualTo("package.processing.failed");
    assertThat(log.get(1).get("upload_id").asText()).isEqualTo(job.get("jobId").asText());
    assertThat(log.get(1).get("attempts").get(0).get("status_code").asInt()).isEqualTo(204);
    assertThat(log.get(1).get("url").asText()).isEqualTo(hookUrl());
  }

  static void assertSigned(AggregatedHttpRequest r, String secret) {
    long timestamp = Long.parseLong(r.headers().get(Signatures.TIMESTAMP));
    assertThat(
            Signatures.verify(
                secret,
                r.headers().get(Signatures.ID),
                timestamp,
                r.content().array(),
                r.headers().get(Signatures.SIGNATURE)))
        .as("signature of %s", r.headers())
        .isTrue();
  }

  /** The endpoint's log once {@code count} deliveries are recorded DELIVERED (hang detection). */
  static JsonNode awaitLoggedDelivered(String key, String endpointId, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      Answer a = call("GET", "/api/v1/webhooks/" + endpointId + "/deliveries", key, null);
      assertThat(a.status()).as("%s", a).isEqualTo(200);
      JsonNode deliveries = a.json().path("deliveries");
      long delivered =
          java.util.stream.StreamSupport.stream(deliveries.spliterator(), false)
              .filter(d -> d.path("status").asText().endsWith("DELIVERED"))
              .count();
      if (delivered == count) {
        assertThat(deliveries).hasSize(count);
        return deliveries;
      }
      assertThat(System.nanoTime()).as("deliveries recorded").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
