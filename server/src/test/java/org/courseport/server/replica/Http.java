package org.courseport.server.replica;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.UUID;
import org.courseport.server.testing.TestHttp;
import org.courseport.server.testing.TestHttp.Response;

/** A small HTTP client for the replica tests: requests to one replica's REST front. */
final class Http {
  static final ObjectMapper JSON = TestHttp.JSON;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private Http() {}

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
    return TestHttp.send(CLIENT, request);
  }

  /** SCORM Cloud's upload import: returns the import job id. */
  static String startUpload(URI base, String authorization, String courseId, byte[] zip) {
    String boundary = "Boundary_" + UUID.randomUUID();
    Response r =
        send(
            HttpRequest.newBuilder(
                    base.resolve("/api/v2/courses/importJobs/upload?courseId=" + courseId))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization)
                .header("Content-Type", "multipart/form-data;boundary=" + boundary)
                .POST(
                    BodyPublishers.ofByteArray(
                        TestHttp.scormCloudUploadBody(boundary, courseId + ".zip", zip)))
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
