package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.courseport.server.testing.CapturedLogs;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp.Response;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Observability through the real server: request ids over HTTP (echoed, generated, replaced when
 * unsafe) and into the log lines of the import job a request created; Prometheus {@code /metrics}
 * on the management port with the named families, and route tags that carry patterns, not ids.
 */
class ObservabilityRestTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final ScormCloudRest api = ScormCloudRest.basic(server, CourseportServerExtension.KEY);

  @Test
  void requestId_isEchoed_whenValid() {
    Response r = get("/courses/nope", "client-req.1:a_b-C");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.headers().allValues("X-Request-Id")).containsExactly("client-req.1:a_b-C");
  }

  @Test
  void requestId_isGenerated_whenAbsent_andOnSuccess() {
    Response r = api.get("/courses");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().allValues("X-Request-Id")).hasSize(1);
    assertThat(r.header("X-Request-Id")).matches(UUID);
  }

  @Test
  void requestId_isReplaced_whenUnsafeOrTooLong() {
    for (String bad : List.of("has space", "semi;colon", "x".repeat(129), "ünïcode")) {
      Response r = get("/courses/nope", bad);
      assertThat(r.headers().allValues("X-Request-Id")).as(bad).hasSize(1);
      assertThat(r.header("X-Request-Id")).as(bad).matches(UUID);
    }
    String longest = "y".repeat(128);
    assertThat(get("/courses/nope", longest).header("X-Request-Id")).isEqualTo(longest);
  }

  @Test
  void requestId_isAnswered_onRefusalsBeforeAnyRoute() {
    // 401 from the auth interceptor, and 414 before any route runs.
    Response unauthenticated =
        api.send(
            HttpRequest.newBuilder(server.http().resolve("/api/v2/courses"))
                .header("X-Request-Id", "no-auth-1")
                .GET()
                .build());
    assertThat(unauthenticated.status()).isEqualTo(401);
    assertThat(unauthenticated.headers().allValues("X-Request-Id")).containsExactly("no-auth-1");

    Response tooLong = get("/courses/" + "z".repeat(5000), "too-long-1");
    assertThat(tooLong.status()).isEqualTo(414);
    assertThat(tooLong.headers().allValues("X-Request-Id")).containsExactly("too-long-1");
  }

  @Test
  void requestId_isCarriedIntoTheImportJobsLogLines() {
    String jobId;
    try (CapturedLogs logs = CapturedLogs.open()) {
      Response r =
          api.upload(
              "obs-job-course",
              "",
              "obs-job-course.zip",
              TestPackages.scorm12("Traced"),
              Map.of("X-Request-Id", "trace-import-42"));
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      assertThat(r.header("X-Request-Id")).isEqualTo("trace-import-42");
      jobId = r.json().get("result").asText();
      assertThat(api.awaitJob(jobId).get("status").asText()).isEqualTo("COMPLETE");

      List<ILoggingEvent> imported =
          logs.events().stream()
              .filter(e -> e.getFormattedMessage().contains("(job " + jobId + ")"))
              .toList();
      assertThat(imported).as(logs.text()).isNotEmpty();
      assertThat(imported)
          .allSatisfy(
              e -> {
                assertThat(e.getThreadName()).startsWith("import-");
                assertThat(e.getMDCPropertyMap()).containsEntry("requestId", "trace-import-42");
              });
    }
    // Stored on the job document, for a worker of any replica.
    var doc =
        server
            .server()
            .services()
            .store()
            .database()
            .getCollection("importJobs")
            .find(new org.bson.Document("jobId", jobId))
            .first();
    assertThat(doc).isNotNull();
    assertThat(doc.getString("requestId")).isEqualTo("trace-import-42");
  }

  @Test
  void metrics_serveThePrometheusFamilies_withRoutePatternsNotIds() throws Exception {
    api.importCourse("obs-course-7f3a", TestPackages.scorm12("Metered"));
    assertThat(api.get("/courses/obs-course-7f3a").status()).isEqualTo(200);
    assertThat(api.get("/courses/unknown-secret-id-91").status()).isEqualTo(404);

    HttpResponse<String> r = scrape();

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    String text = r.body();
    assertThat(text)
        .contains(
            "courseport_http_server_requests_total{",
            "courseport_http_server_total_duration_seconds_bucket{",
            "courseport_http_server_request_length_count{",
            "courseport_http_server_response_length_count{",
            "courseport_http_server_active_requests{",
            "armeria_server_connections",
            "process_uptime_seconds",
            "courseport_grpc_server_calls_seconds_bucket{",
            "courseport_queue_depth{queue=\"imports\"}",
            "courseport_queue_depth{queue=\"deliveries\"}",
            "courseport_queue_depth{queue=\"content_exports\"}",
            "courseport_queue_oldest_age_seconds{queue=\"imports\"}",
            "courseport_import_duration_seconds_count{status=\"complete\"}",
            "courseport_import_bytes_count{status=\"complete\"}",
            "jvm_memory_used_bytes{",
            "jvm_threads_live_threads",
            "jvm_classes_loaded_classes",
            "system_cpu_count",
            "mongodb_driver_commands_seconds_count{",
            "mongodb_driver_pool_size{");
    // The GETs above read the course record: Micrometer's MongoDB command timer, with its tags.
    assertThat(text.lines().filter(l -> l.startsWith("mongodb_driver_commands_seconds_count{")))
        .anyMatch(
            l ->
                l.contains("command=\"find\"")
                    && l.contains("database=\"courseport\"")
                    && l.contains("collection=\"courses\"")
                    && l.contains("status=\"SUCCESS\"")
                    && l.contains("cluster_id=\"")
                    && l.contains("server_address=\"")
                    && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 2);
    List<String> httpLines =
        text.lines().filter(l -> l.startsWith("courseport_http_server_requests_total{")).toList();
    assertThat(httpLines).noneMatch(l -> l.contains("obs-course-7f3a"));
    assertThat(httpLines).noneMatch(l -> l.contains("unknown-secret-id-91"));
    assertThat(httpLines)
        .anyMatch(
            l ->
                l.contains("dialect=\"scormcloud\"")
                    && l.contains("method=\"GET\"")
                    && l.contains("status=\"404\"")
                    && l.contains("route=\"/api/v2/courses/"));
    assertThat(text.lines().filter(l -> l.startsWith("courseport_grpc_server_calls_seconds_count")))
        .anyMatch(
            l ->
                l.contains("method=\"GetCourse\"")
                    && l.contains("service=\"courseport.v1.CourseService\"")
                    && l.contains("status=\"NOT_FOUND\""));
  }

  @Test
  void metricsPort_isNotTheApiPort() {
    assertThat(server.server().metricsPort()).isPositive();
    assertThat(server.server().metricsPort()).isNotEqualTo(server.server().httpPort());
    assertThat(api.send(HttpRequest.newBuilder(server.http().resolve("/metrics")).build()).status())
        .isEqualTo(404);
  }

  private Response get(String path, String requestId) {
    return api.send(api.request(path).header("X-Request-Id", requestId).GET().build());
  }

  static HttpResponse<String> scrape() throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.server().metricsPort() + "/metrics"))
            .timeout(Duration.ofSeconds(30))
            .build(),
        BodyHandlers.ofString());
  }
}
