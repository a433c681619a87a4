package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp;
import org.courseport.server.testing.TestHttp.Response;

/**
 * Speaks to {@code /api/v2} the way SCORM Cloud's official Java client 4.0.0 does: {@code Accept:
 * application/json}, its User-Agent, {@code Content-Type: application/json} on bodies and on
 * body-less DELETEs, Jersey's multipart layout for uploads. Test helper.
 */
final class ScormCloudRest {
  static final ObjectMapper JSON = TestHttp.JSON;
  static final String USER_AGENT = "Swagger-Codegen/4.0.0/java";

  /** ISO-8601 with an offset, as the Java client needs dates. */
  static final Pattern DATE_TIME =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:?\\d{2})");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final AtomicInteger BOUNDARIES = new AtomicInteger();

  private final URI base;
  private final String prefix;
  private final String authorization;

  private ScormCloudRest(URI base, String prefix, String authorization) {
    this.base = base;
    this.prefix = prefix;
    this.authorization = authorization;
  }

  private ScormCloudRest(URI base, String authorization) {
    this(base, "/api/v2", authorization);
  }

  /**
   * A Basic client with the Java client's default base path {@code .../api/v2/}: every request goes
   * to {@code /api/v2//courses...}.
   */
  static ScormCloudRest defaultBasePath(CourseportServerExtension server, String key) {
    return new ScormCloudRest(server.http(), "/api/v2/", CourseportServerExtension.basic(key));
  }

  /** A client for {@code server} authenticated with HTTP Basic {@code key}. */
  static ScormCloudRest basic(CourseportServerExtension server, String key) {
    return new ScormCloudRest(server.http(), CourseportServerExtension.basic(key));
  }

  /** A client sending {@code Authorization: Bearer <key>}. */
  static ScormCloudRest bearer(CourseportServerExtension server, String key) {
    return new ScormCloudRest(server.http(), "Bearer " + key);
  }

  /** A client sending no Authorization header, or the given raw value. */
  static ScormCloudRest withAuthorization(CourseportServerExtension server, String value) {
    return new ScormCloudRest(server.http(), value);
  }

  /** The Authorization header value this client sends, or null. */
  String authorization() {
    return authorization;
  }

  /** A request builder for the API prefix + {@code path} (path may carry a query). */
  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(prefix + path))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  Response get(String path) {
    return send(request(path).GET().build());
  }

  Response delete(String path) {
    return send(request(path).header("Content-Type", "application/json").DELETE().build());
  }

  Response delete(String path, Object body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method("DELETE", BodyPublishers.ofString(json(body)))
            .build());
  }

  Response put(String path, Object body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(BodyPublishers.ofString(json(body)))
            .build());
  }

  Response post(String path, Object body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(json(body)))
            .build());
  }

  /**
   * {@code POST /courses/importJobs/upload?courseId=...&<query>} with the multipart body exactly as
   * the official Java client (Jersey) writes it.
   *
   * @param query extra query text, e.g. {@code &mayCreateNewVersion=true}, or empty
   * @param headers extra request headers, e.g. {@code uploadedContentType}
   */
  Response upload(
      String courseId, String query, String fileName, byte[] file, Map<String, String> headers) {
    return upload(courseId, query, fileName, file, null, headers);
  }

  /**
   * As {@link #upload(String, String, String, byte[], Map)}, with a {@code contentMetadata} part (a
   * serialized MediaFileMetadataSchema) after the file, where the Java client puts it.
   */
  Response upload(
      String courseId,
      String query,
      String fileName,
      byte[] file,
      String contentMetadata,
      Map<String, String> headers) {
    String boundary =
        "Boundary_"
            + BOUNDARIES.incrementAndGet()
            + "_"
            + ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE)
            + "_"
            + System.currentTimeMillis();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Content-Disposition: form-data; filename=\""
                + fileName
                + "\"; size="
                + file.length
                + "; name=\"file\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(file);
    body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    if (contentMetadata != null) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\n"
                  + "Content-Type: text/plain\r\n"
                  + "Content-Disposition: form-data; name=\"contentMetadata\"\r\n\r\n"
                  + contentMetadata
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b =
        request("/courses/importJobs/upload?courseId=" + enc(courseId) + query)
            .header("Content-Type", "multipart/form-data;boundary=" + boundary)
            .header("MIME-Version", "1.0")
            .POST(BodyPublishers.ofByteArray(body.toByteArray()));
    headers.forEach(b::header);
    return send(b.build());
  }

  /** Uploads a package and returns the import job id (expects 200). */
  String startUpload(String courseId, String query, byte[] zip) {
    Response r = upload(courseId, query, courseId + ".zip", zip, Map.of());
    assertThat(r.status()).as("upload %s", r).isEqualTo(200);
    return r.json().get("result").asText();
  }

  /** Polls the job until it is no longer RUNNING; returns its last ImportJobResultSchema. */
  JsonNode awaitJob(String jobId) {
    // Hang detection only: far above an import on a loaded machine.
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      Response r = get("/courses/importJobs/" + enc(jobId));
      assertThat(r.status()).as("job status %s", r).isEqualTo(200);
      JsonNode job = r.json();
      if (!"RUNNING".equals(job.path("status").asText())) {
        return job;
      }
      sleep(100);
    }
    throw new AssertionError("import job " + jobId + " still RUNNING");
  }

  /** Uploads, waits and asserts COMPLETE; returns the job result. */
  JsonNode importCourse(String courseId, byte[] zip) {
    return importCourse(courseId, "", zip);
  }

  JsonNode importCourse(String courseId, String query, byte[] zip) {
    JsonNode job = awaitJob(startUpload(courseId, query, zip));
    assertThat(job.path("status").asText())
        .as("import of %s: %s", courseId, job)
        .isEqualTo("COMPLETE");
    return job;
  }

  Response send(HttpRequest request) {
    return TestHttp.send(HTTP, request);
  }

  static String enc(String s) {
    return TestHttp.enc(s);
  }

  static String json(Object body) {
    return TestHttp.json(body);
  }

  /** A JSON object from alternating keys and values. */
  static Map<String, Object> obj(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Asserts the value is an ISO-8601 date-time with an offset and returns it. */
  static OffsetDateTime dateTime(JsonNode value) {
    assertThat(value.isTextual()).as("date-time must be a string: %s", value).isTrue();
    assertThat(value.asText()).matches(DATE_TIME);
    return OffsetDateTime.parse(value.asText());
  }

  /** Asserts a SCORM Cloud error body {@code {"message": "..."}} and returns the message. */
  static String message(Response r, int status) {
    assertThat(r.status()).as("%s", r).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode body = r.json();
    assertThat(body.path("message").isTextual()).as("message in %s", body).isTrue();
    assertThat(body.path("message").asText()).isNotBlank();
    return body.get("message").asText();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
