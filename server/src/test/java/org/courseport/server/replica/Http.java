package org.courseport.server.replica;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** A small HTTP client for the replica tests: requests to one replica's REST front. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private Http() {}

  /** An HTTP answer. */
  record Response(int status, HttpHeaders headers, byte[] body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (status " + status + "): " + text(), e);
      }
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + text();
    }
  }

  static Response send(String method, URI uri, String authorization, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json))
            .header("Accept", "application/json");
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return send(b.build());
  }

  static Response send(HttpRequest request) {
    try {
      var r = CLIENT.send(request, BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SCORM Cloud's upload import: returns the import job id. */
  static String startUpload(URI base, String authorization, String courseId, byte[] zip) {
    String boundary = "Boundary_" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Disposition: form-data; filename=\""
                + courseId
                + ".zip\"; name=\"file\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(zip);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    Response r =
        send(
            HttpRequest.newBuilder(
                    base.resolve("/api/v2/courses/importJobs/upload?courseId=" + courseId))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization)
                .header("Content-Type", "multipart/form-data;boundary=" + boundary)
                .POST(BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    assertThat(r.status()).as("upload %s", r).isEqualTo(200);
    return r.json().get("result").asText();
  }

  /** Polls an import job until it is no longer RUNNING; returns its last state. */
  static JsonNode awaitJob(URI base, String authorization, String jobId)
      throws InterruptedException {
    // Hang detection only: far above an import on a loaded machine.
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      Response r =
          send("GET", base.resolve("/api/v2/courses/importJobs/" + jobId), authorization, null);
      assertThat(r.status()).as("job status %s", r).isEqualTo(200);
      JsonNode job = r.json();
      if (!"RUNNING".equals(job.path("status").asText())) {
        return job;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("import job " + jobId + " still RUNNING");
  }
}
