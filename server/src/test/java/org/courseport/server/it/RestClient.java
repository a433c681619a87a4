package org.courseport.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** Plain HTTP calls to the SCORM Cloud routes of a server process, with Basic credentials. */
final class RestClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;
  private final String authorization;
  private final String keyPair;

  RestClient(int port, String keyPair) {
    this.port = port;
    this.keyPair = keyPair;
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString(keyPair.getBytes(StandardCharsets.UTF_8));
  }

  /** Polls {@code /healthz} until it answers 200. */
  void awaitHealthy() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        if (get("/healthz").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("server never became healthy");
  }

  /** Uploads a zip as a multipart form and returns the job id. */
  String upload(String courseId, boolean newVersion, byte[] zip) throws Exception {
    HttpResponse<String> res = uploadResponse(courseId, newVersion, zip, true);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return jobId(res);
  }

  /**
   * Uploads a zip as a multipart form ({@code importJobs/upload}) and answers the response as it
   * is. With {@code declareSize} the part names its size ({@code size=} in its Content-Disposition,
   * as the official Java client does) and the body has a Content-Length; without, the size is known
   * only once the body has ended, and the body is sent chunked.
   */
  HttpResponse<String> uploadResponse(
      String courseId, boolean newVersion, byte[] zip, boolean declareSize) throws Exception {
    String boundary = "Boundary_it_42";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Disposition: form-data; filename=\"course.zip\"; "
                + (declareSize ? "size=" + zip.length + "; " : "")
                + "name=\"file\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(zip);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    byte[] bytes = body.toByteArray();
    HttpRequest req =
        request(
                "/api/v2/courses/importJobs/upload?courseId="
                    + courseId
                    + "&mayCreateNewVersion="
                    + newVersion)
            .header("Content-Type", "multipart/form-data;boundary=" + boundary)
            .POST(
                declareSize
                    ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                    : HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(bytes)))
            .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  /** The job id of a 200 answer to an upload ({@code {"result": id}}). */
  static String jobId(HttpResponse<String> res) {
    return res.body().replaceAll(".*\"result\"\\s*:\\s*\"([^\"]+)\".*", "$1");
  }

  /** Polls the job until it is no longer RUNNING and returns its JSON. */
  String awaitJob(String jobId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String body = "";
    while (System.nanoTime() < deadline) {
      body = get("/api/v2/courses/importJobs/" + jobId).body();
      if (!body.contains("\"RUNNING\"")) {
        return body;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job still running: " + body);
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(request(path).GET().build());
  }

  HttpResponse<String> delete(String path) throws Exception {
    return send(request(path).DELETE().build());
  }

  HttpResponse<String> put(String path, String json) throws Exception {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  HttpResponse<String> post(String path, String json) throws Exception {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /**
   * A call on the Allure routes ({@code /api/v1/packages/…}) with {@code X-API-Key} credentials;
   * {@code json} null sends no body.
   */
  HttpResponse<String> allure(String method, String path, String json) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-API-Key", keyPair)
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private HttpResponse<String> send(HttpRequest req) throws Exception {
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(120)) // a server that never answers fails the test
        .header("Authorization", authorization);
  }
}
