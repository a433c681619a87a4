package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.rest.FakeOrigin.Received;
import org.courseport.server.testing.CapturedLogs;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp;
import org.courseport.server.testing.TestHttp.Response;
import org.courseport.server.testing.TestPackages;
import org.courseport.server.webhooks.Signatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * No secret in any log line: a realistic run through the real server (a URL import whose source and
 * postback URLs carry tokens, an upload, a webhook endpoint with its signing secret and its signed
 * deliveries, a presigned upload URL, a course export's download URL, refused credentials over REST
 * and gRPC) with every log event captured at DEBUG, then the log searched for every secret, token,
 * signature and signed URL the test saw.
 */
class LogSecretsRestTest {
  static final FakeOrigin origin = FakeOrigin.start("127.0.0.1");

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          .with("COURSEPORT_FETCH_ALLOW", "127.0.0.1:" + origin.port())
          .with("COURSEPORT_WEBHOOK_PLAIN_HTTP_HOSTS", "127.0.0.1")
          .with("COURSEPORT_DEFAULT_PLAN", "paid");

  private static final String KEY = CourseportServerExtension.KEY;
  private final ScormCloudRest api = ScormCloudRest.basic(server, KEY);
  private final List<String> secrets = new ArrayList<>();
  private String fetchRequestId;

  @AfterAll
  static void stopOrigin() {
    origin.close();
  }

  @Test
  void aFullRun_logsNoSecretTokenOrSignedUrl() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Level rootLevel = context.getLogger("ROOT").getLevel();
    Level ownLevel = context.getLogger("org.courseport").getLevel();
    context.getLogger("ROOT").setLevel(Level.INFO);
    context.getLogger("org.courseport").setLevel(Level.DEBUG);
    String text;
    List<ch.qos.logback.classic.spi.ILoggingEvent> events;
    try (CapturedLogs logs = CapturedLogs.open()) {
      run();
      text = logs.text();
      events = logs.events();
    } finally {
      context.getLogger("ROOT").setLevel(rootLevel);
      context.getLogger("org.courseport").setLevel(ownLevel);
    }

    // The capture saw the run (so an empty log cannot pass) ...
    assertThat(text)
        .contains("Imported course 'leak-fetch'", "Imported course 'leak-upload'", "delivery");
    // The postback's delivery ran under the id of the request that created its import job.
    assertThat(events)
        .anyMatch(
            e ->
                e.getFormattedMessage().startsWith("POSTBACK delivery")
                    && e.getFormattedMessage().contains("DELIVERED")
                    && fetchRequestId.equals(e.getMDCPropertyMap().get("requestId")));
    // ... and none of its secrets.
    assertThat(secrets).hasSizeGreaterThan(10);
    for (String secret : secrets) {
      assertThat(text).as("a log line shows the secret %s", secret).doesNotContain(secret);
    }

    // The same run in the metrics: exports, deliveries, imports of both ends; and no secret.
    String metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + server.server().metricsPort() + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains(
            "courseport_export_duration_seconds_count{format=\"scorm12\",outcome=\"built\"} 1",
            "courseport_export_bytes_count{format=\"scorm12\",outcome=\"built\"} 1",
            "courseport_delivery_attempts_total{kind=\"webhook\",outcome=\"delivered\"}",
            "courseport_delivery_attempts_total{kind=\"postback\",outcome=\"delivered\"} 1",
            "courseport_import_duration_seconds_count{status=\"error\"} 1",
            "courseport_import_duration_seconds_count{status=\"complete\"}");
    for (String secret : secrets) {
      assertThat(metrics).as("a metric shows the secret %s", secret).doesNotContain(secret);
    }
  }

  private void run() throws Exception {
    secret(KEY.substring(KEY.indexOf(':') + 1));
    secret(CourseportServerExtension.basic(KEY).substring("Basic ".length()));

    // A webhook endpoint whose URL carries a token; its signing secret is shown once.
    String hookToken = token("hook");
    origin.accept("/hook");
    JsonNode hook =
        TestHttp.JSON.readTree(
            send(
                    "POST",
                    "/api/v1/webhooks",
                    "Bearer " + KEY,
                    TestHttp.JSON.writeValueAsString(
                        Map.of(
                            "url",
                            origin.url("/hook?token=" + hookToken),
                            "events",
                            List.of("package.processing.completed", "package.processing.failed"))))
                .body());
    secret(hook.get("secret").asText());

    // A URL import: source and postback URLs with tokens in their queries.
    String fetchToken = token("fetch");
    String postbackToken = token("postback");
    origin.serve("/pkg.zip", "application/zip", TestPackages.scorm12("Fetched"));
    origin.accept("/postback");
    Response fetch =
        api.post(
            "/courses/importJobs?courseId=leak-fetch&postbackUrl="
                + ScormCloudRest.enc(origin.url("/postback?token=" + postbackToken)),
            ScormCloudRest.obj(
                "url",
                origin.url("/pkg.zip?token=" + fetchToken),
                "contentType",
                "application/zip"));
    assertThat(fetch.status()).as("%s", fetch).isEqualTo(200);
    fetchRequestId = fetch.header("X-Request-Id");
    assertThat(api.awaitJob(fetch.json().get("result").asText()).get("status").asText())
        .isEqualTo("COMPLETE");

    // An upload, then a failing one: two more processing events.
    api.importCourse("leak-upload", TestPackages.scorm12("Uploaded"));
    String broken = api.startUpload("leak-broken", "", TestPackages.zip(Map.of("a.txt", "x")));
    assertThat(api.awaitJob(broken).get("status").asText()).isEqualTo("ERROR");

    List<Received> deliveries = origin.await("/hook", 3, Duration.ofMinutes(2));
    assertThat(deliveries).hasSizeGreaterThanOrEqualTo(3);
    for (Received d : deliveries) {
      secret(d.header(Signatures.SIGNATURE));
    }
    assertThat(origin.await("/postback", 1, Duration.ofMinutes(2))).isNotEmpty();

    // A presigned upload URL (Allure package API), used.
    String tenantId = server.server().services().tenantDirectory().uuidOf(Bootstrap.DEFAULT_TENANT);
    byte[] zip = TestPackages.scorm12("Presigned");
    JsonNode ticket =
        TestHttp.JSON.readTree(
            send(
                    "POST",
                    "/api/v1/packages/upload-url",
                    "Bearer " + KEY,
                    TestHttp.JSON.writeValueAsString(
                        Map.of(
                            "tenant_id",
                            tenantId,
                            "uploaded_by",
                            "user-1",
                            "filename",
                            "presigned.zip",
                            "file_size",
                            zip.length)))
                .body());
    String presigned = ticket.get("presigned_url").asText();
    secret(presigned);
    secret(URI.create(presigned).getRawQuery());
    HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(presigned));
    Iterator<Map.Entry<String, JsonNode>> required = ticket.get("required_put_headers").fields();
    while (required.hasNext()) {
      Map.Entry<String, JsonNode> h = required.next();
      put.header(h.getKey(), h.getValue().asText());
    }
    assertThat(api.send(put.PUT(BodyPublishers.ofByteArray(zip)).build()).status()).isEqualTo(200);

    // A course export (LearningStudio API): its download URL carries a bearer token.
    Response exported =
        send(
            "POST",
            "/api/v1/courses/leak-upload/export",
            "Bearer " + KEY,
            "{\"format\":\"scorm12\"}");
    assertThat(exported.status()).as("%s", exported).isEqualTo(200);
    String download = exported.json().get("downloadUrl").asText();
    secret(download);
    secret(download.substring(download.lastIndexOf('/') + 1));
    assertThat(api.send(HttpRequest.newBuilder(URI.create(download)).build()).status())
        .isEqualTo(200);

    // Refused credentials: a wrong secret over REST and over gRPC.
    String wrong = token("wrong");
    Response refused =
        api.send(
            HttpRequest.newBuilder(server.http().resolve("/api/v2/courses"))
                .header("Authorization", CourseportServerExtension.basic("test-app:" + wrong))
                .build());
    assertThat(refused.status()).isEqualTo(401);
    String wrongGrpc = token("wrong-grpc");
    Metadata m = new Metadata();
    m.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        CourseportServerExtension.basic("test-app:" + wrongGrpc));
    try {
      CourseServiceGrpc.newBlockingStub(server.channel())
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m))
          .getCourses(GetCoursesRequest.getDefaultInstance());
      throw new AssertionError("a wrong secret was accepted");
    } catch (StatusRuntimeException expected) {
      assertThat(expected.getStatus().getCode().name()).isEqualTo("UNAUTHENTICATED");
    }
    secret(wrong);
    secret(wrongGrpc);
    secret(Base64.getEncoder().encodeToString(("test-app:" + wrong).getBytes()));
  }

  private String token(String what) {
    String t = what + "-" + UUID.randomUUID().toString().replace("-", "");
    secret(t);
    return t;
  }

  private void secret(String value) {
    assertThat(value).as("a secret the test saw").isNotBlank();
    secrets.add(value);
  }

  private Response send(String method, String path, String authorization, String json) {
    return api.send(
        HttpRequest.newBuilder(server.http().resolve(path))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .method(method, BodyPublishers.ofString(json))
            .build());
  }
}
