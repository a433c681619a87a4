package org.courseport.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the built server jar as a process: health, gRPC reflection through a real reflection
 * client, an import over REST, a clean restart on the same data directory.
 */
class ServerJarIT {
  private static final String KEY = "it-app:it-secret-123";
  private static final String BUF = "@bufbuild/buf@1.75.0";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dataDir;

  @Test
  void jar_servesReflectionImportsAndKeepsDataAcrossRestart() throws Exception {
    Path jar = Path.of(System.getProperty("courseport.serverJar", "target/courseport-server.jar"));
    assumeTrue(Files.exists(jar), "server jar not built at " + jar);

    try (ServerProcess server = ServerProcess.start(jar, dataDir, KEY)) {
      server.awaitPorts();
      awaitHealthy(server.httpPort());
      assertThat(listServices(server.grpcPort()))
          .contains(
              "courseport.v1.CourseService",
              "grpc.health.v1.Health",
              "grpc.reflection.v1.ServerReflection");

      String jobId = upload(server.httpPort(), "jar-course", TestPackages.scorm12("Jar course"));
      assertThat(awaitJob(server.httpPort(), jobId)).contains("\"status\":\"COMPLETE\"");
      assertThat(server.stop()).as(server.output()).isIn(0, 143);
    }

    try (ServerProcess again = ServerProcess.start(jar, dataDir, KEY)) {
      again.awaitPorts();
      awaitHealthy(again.httpPort());
      HttpResponse<String> course = get(again.httpPort(), "/api/v2/courses/jar-course");
      assertThat(course.statusCode()).as(again.output()).isEqualTo(200);
      assertThat(course.body())
          .contains("\"title\":\"Jar course\"", "\"courseLearningStandard\":\"SCORM12\"");
    }
  }

  private void awaitHealthy(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        if (get(port, "/healthz").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("server never became healthy");
  }

  private String listServices(int grpcPort) throws Exception {
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "npx", "--yes", BUF, "curl", "--protocol", "grpc", "--http2-prior-knowledge",
                  "--list-services", "http://127.0.0.1:" + grpcPort)
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      assumeTrue(false, "npx (Node.js) is needed for the reflection client: " + e.getMessage());
      return "";
    }
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("buf curl finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private String upload(int port, String courseId, byte[] zip) throws Exception {
    String boundary = "Boundary_it_42";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--" + boundary + "\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Disposition: form-data; filename=\"course.zip\"; size=" + zip.length
                + "; name=\"file\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(zip);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest req =
        HttpRequest.newBuilder(
                uri(port, "/api/v2/courses/importJobs/upload?courseId=" + courseId))
            .header("Authorization", auth())
            .header("Content-Type", "multipart/form-data;boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build();
    HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return res.body().replaceAll(".*\"result\"\\s*:\\s*\"([^\"]+)\".*", "$1");
  }

  private String awaitJob(int port, String jobId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String body = "";
    while (System.nanoTime() < deadline) {
      body = get(port, "/api/v2/courses/importJobs/" + jobId).body();
      if (!body.contains("\"RUNNING\"")) {
        return body;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job still running: " + body);
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(uri(port, path)).header("Authorization", auth()).GET().build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static String auth() {
    return "Basic " + Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8));
  }
}
