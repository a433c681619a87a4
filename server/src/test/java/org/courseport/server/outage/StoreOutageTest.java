package org.courseport.server.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.rpc.ErrorInfo;
import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.server.CourseportServer;
import org.courseport.server.config.ServerConfig;
import org.courseport.server.testing.CapturedLogs;
import org.courseport.server.testing.TestFiles;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MongoDB goes away under a running server and comes back: while it is away every dialect answers
 * 503 with Retry-After in its own error body and gRPC answers UNAVAILABLE STORE_UNAVAILABLE, each
 * within a small multiple of {@code COURSEPORT_MONGO_TIMEOUT_MS}; gRPC health and {@code /healthz}
 * say NOT_SERVING. When it returns the server serves again by itself: health SERVING, the documents
 * from before readable, and an import job whose attempt lost the store (its fetch answered during
 * the outage) is taken up again and completes.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StoreOutageTest {
  private static final String KEY = "outage-app:outage-secret";
  private static final long TIMEOUT_MS = 2000;

  /** Generous: three times the configured wait (the brief's bound), never an exact timing. */
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final byte[] PACKAGE = TestPackages.scorm12("Survives the outage");

  private static Path dir;
  private static RestartableStore store;
  private static HttpServer origin;
  private static final CountDownLatch heldRequested = new CountDownLatch(1);
  private static final CountDownLatch releaseHeld = new CountDownLatch(1);
  private static final java.util.concurrent.atomic.AtomicInteger heldRequests =
      new java.util.concurrent.atomic.AtomicInteger();
  private static CourseportServer server;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("courseport-outage-");
    store = RestartableStore.start(dir.resolve("store.mv"));
    origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    origin.setExecutor(Executors.newCachedThreadPool());
    origin.createContext("/now.zip", ex -> answer(ex, PACKAGE));
    origin.createContext(
        "/held.zip",
        ex -> {
          heldRequests.incrementAndGet();
          heldRequested.countDown();
          try {
            releaseHeld.await(4, TimeUnit.MINUTES);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          answer(ex, PACKAGE);
        });
    origin.start();
    Map<String, String> env = new HashMap<>();
    env.put("COURSEPORT_GRPC_PORT", "0");
    env.put("COURSEPORT_HTTP_PORT", "0");
    env.put("COURSEPORT_CONTENT_PORT", "0");
    env.put("COURSEPORT_METRICS_PORT", "0");
    env.put("COURSEPORT_DATA_DIR", dir.resolve("data").toString());
    env.put("COURSEPORT_BOOTSTRAP_KEY", KEY);
    env.put("MONGODB_URI", store.uri());
    env.put("COURSEPORT_MONGO_TIMEOUT_MS", Long.toString(TIMEOUT_MS));
    env.put("COURSEPORT_MONGO_HEALTH_INTERVAL_MS", "200");
    env.put("COURSEPORT_FETCH_ALLOW", "127.0.0.1:" + origin.getAddress().getPort());
    server = CourseportServer.start(ServerConfig.fromEnvironment(env));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws IOException {
    releaseHeld.countDown();
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
    if (origin != null) {
      origin.stop(0);
    }
    if (store != null) {
      store.close();
    }
    TestFiles.deleteTree(dir);
  }

  private static void answer(com.sun.net.httpserver.HttpExchange ex, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/zip");
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Test
  void storeGoesAwayAndComesBack_failsFastInEveryDialect_reportsHealth_andRecoversByItself()
      throws Exception {
    try (CapturedLogs logs = CapturedLogs.open()) {
      outageAndRecovery(logs);
    }
  }

  private void outageAndRecovery(CapturedLogs logs) throws Exception {
    // Before: a course, and an import job whose fetch is held open across the outage.
    JsonNode done = awaitJob(startFetch("kept", "/now.zip"));
    assertThat(done.path("status").asText()).as("%s", done).isEqualTo("COMPLETE");
    String held = startFetch("across", "/held.zip");
    assertThat(heldRequested.await(2, TimeUnit.MINUTES)).as("the held fetch started").isTrue();
    assertThat(health("")).isEqualTo(ServingStatus.SERVING);
    assertThat(get("/healthz", null).statusCode()).isEqualTo(200);

    store.stop();
    // The held fetch answers now: its attempt finds no store to record the blob in.
    releaseHeld.countDown();

    awaitCondition("gRPC health NOT_SERVING", () -> health("") == ServingStatus.NOT_SERVING);
    assertThat(health(CourseServiceGrpc.SERVICE_NAME)).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(health("courseport.v1.PackageService")).isEqualTo(ServingStatus.NOT_SERVING);
    awaitCondition("/healthz 503", () -> get("/healthz", null).statusCode() == 503);
    assertThat(JSON.readTree(get("/healthz", null).body()).path("status").asText())
        .isEqualTo("NOT_SERVING");

    // SCORM Cloud: {"message": ...}
    JsonNode scorm = unavailable("/api/v2/courses/kept", basic());
    assertThat(scorm.path("message").asText()).contains("document store is unreachable");
    // Allure: {"error", "code", "message"}
    JsonNode allure = unavailable("/api/v1/packages?tenant_id=x", "X-API-Key", KEY);
    assertThat(allure.path("error").asText()).isEqualTo("Service Unavailable");
    assertThat(allure.path("code").asText()).isEqualTo("STORE_UNAVAILABLE");
    assertThat(allure.path("message").asText()).contains("document store is unreachable");
    // LearningStudio: {"message", "code"}
    JsonNode ls = unavailable("/api/v1/courses/jobs/some-job", bearer());
    assertThat(ls.path("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(ls.path("message").asText()).contains("document store is unreachable");
    // Lessons: {"error", "message", "code", "timestamp"}
    JsonNode lesson = unavailable("/api/lessons", bearer());
    assertThat(lesson.path("error").asText()).isEqualTo("Service Unavailable");
    assertThat(lesson.path("message").asText()).contains("document store is unreachable");
    assertThat(lesson.has("code") && lesson.has("timestamp")).as("%s", lesson).isTrue();
    // Canvas: {"errors": [{"message"}]}
    JsonNode canvas = unavailable("/api/v1/courses/kept/content_exports", bearer());
    assertThat(canvas.path("errors").get(0).path("message").asText())
        .contains("document store is unreachable");

    // The content origin (launch links, player): a plain 503 with Retry-After too. The link has
    // the shape of a launch token, so it is looked up in the store.
    HttpResponse<String> launch =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + server.contentPort() + "/launch/" + "a".repeat(43)))
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(launch.statusCode()).as(launch.body()).isEqualTo(503);
    assertThat(launch.headers().firstValue("retry-after")).contains("5");
    assertThat(launch.body()).contains("document store is unreachable");

    // gRPC: UNAVAILABLE with ErrorInfo STORE_UNAVAILABLE, no stack trace. Fast without timing it:
    // the call's own 60 s deadline would end it DEADLINE_EXCEEDED, the store timeout UNAVAILABLE.
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                CourseServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth()))
                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                    .getCourse(GetCourseRequest.newBuilder().setCourseId("kept").build()));
    assertThat(e).as("GetCourse failed").isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription())
        .contains("document store is unreachable")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    com.google.rpc.Status rich = StatusProto.fromThrowable(e);
    ErrorInfo info = rich.getDetails(0).unpack(ErrorInfo.class);
    assertThat(info.getReason()).isEqualTo("STORE_UNAVAILABLE");
    assertThat(info.getMetadataMap()).containsEntry("retry_after_seconds", "5");

    awaitCondition(
        "the import attempt stopped on the missing store",
        () -> logs.text().contains("stopped: the document store did not answer"));

    store.start();

    awaitCondition("gRPC health SERVING", () -> health("") == ServingStatus.SERVING);
    assertThat(health(CourseServiceGrpc.SERVICE_NAME)).isEqualTo(ServingStatus.SERVING);
    awaitCondition("/healthz 200", () -> get("/healthz", null).statusCode() == 200);

    // The documents from before the outage are there, through REST and gRPC.
    HttpResponse<String> course = get("/api/v2/courses/kept", basic());
    assertThat(course.statusCode()).as(course.body()).isEqualTo(200);
    assertThat(JSON.readTree(course.body()).path("title").asText())
        .isEqualTo("Survives the outage");
    assertThat(
            CourseServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth()))
                .getCourse(GetCourseRequest.newBuilder().setCourseId("kept").build())
                .getTitle())
        .isEqualTo("Survives the outage");
    HttpResponse<String> tenant = get("/api/v1/tenant", "X-API-Key", KEY);
    assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(200);
    HttpResponse<String> lessons = get("/api/lessons", bearer());
    assertThat(lessons.statusCode()).as(lessons.body()).isEqualTo(200);

    // The job whose attempt lost the store is taken up again (its lease ran out) and completes.
    JsonNode across = awaitJob(held);
    assertThat(across.path("status").asText()).as("%s", across).isEqualTo("COMPLETE");
    assertThat(heldRequests.get()).as("fetched again by the second attempt").isEqualTo(2);
    HttpResponse<String> imported = get("/api/v2/courses/across", basic());
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
  }

  /** Asserts a fast 503 with Retry-After and the STORE_UNAVAILABLE reason; returns the body. */
  private static JsonNode unavailable(String path, String... headers) throws Exception {
    // Fast without timing it: the HTTP request timeout would answer REQUEST_TIMEOUT, not
    // STORE_UNAVAILABLE (asserted below).
    HttpResponse<String> r = get(path, headers);
    assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("retry-after")).as(path).contains("5");
    assertThat(r.headers().firstValue("x-courseport-reason"))
        .as(path)
        .contains("STORE_UNAVAILABLE");
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("com.mongodb");
    return JSON.readTree(r.body());
  }

  private static String startFetch(String courseId, String path) throws Exception {
    String body =
        JSON.writeValueAsString(
            Map.of("url", "http://127.0.0.1:" + origin.getAddress().getPort() + path));
    HttpResponse<String> r =
        HTTP.send(
            request("/api/v2/courses/importJobs?courseId=" + courseId, basic())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("result").asText();
  }

  private static JsonNode awaitJob(String jobId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = get("/api/v2/courses/importJobs/" + jobId, basic());
      if (r.statusCode() == 200) {
        JsonNode job = JSON.readTree(r.body());
        if (!"RUNNING".equals(job.path("status").asText())) {
          return job;
        }
      }
      Thread.sleep(100); // polling interval of a bounded wait, not a synchronisation
    }
    throw new AssertionError("import job " + jobId + " did not end");
  }

  private static void awaitCondition(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(50); // polling interval of a bounded wait, not a synchronisation
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private static ServingStatus health(String service) {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  private static HttpResponse<String> get(String path, String... headers) {
    try {
      return HTTP.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .timeout(Duration.ofSeconds(60));
    if (headers != null) {
      for (int i = 0; i + 1 < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
    }
    return b;
  }

  private static String[] basic() {
    return new String[] {
      "Authorization",
      "Basic " + Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8))
    };
  }

  private static String[] bearer() {
    return new String[] {"Authorization", "Bearer " + KEY};
  }

  private static Metadata auth() {
    Metadata m = new Metadata();
    m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), basic()[1]);
    return m;
  }
}
