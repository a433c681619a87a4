package org.courseport.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @TempDir Path dataDir;

  @Test
  void jar_servesReflectionImportsAndKeepsDataAcrossRestart() throws Exception {
    Path jar = Path.of(System.getProperty("courseport.serverJar", "target/courseport-server.jar"));
    assumeTrue(Files.exists(jar), "server jar not built at " + jar);

    try (ServerProcess server = ServerProcess.start(jar, dataDir, KEY)) {
      server.awaitPorts();
      RestClient api = new RestClient(server.httpPort(), KEY);
      api.awaitHealthy();
      assertThat(listServices(server.grpcPort()))
          .contains(
              "courseport.v1.CourseService",
              "grpc.health.v1.Health",
              "grpc.reflection.v1.ServerReflection");

      String jobId = api.upload("jar-course", false, TestPackages.scorm12("Jar course"));
      assertThat(api.awaitJob(jobId)).contains("\"status\":\"COMPLETE\"");
      assertThat(server.stop()).as(server.output()).isIn(0, 143);
    }

    try (ServerProcess again = ServerProcess.start(jar, dataDir, KEY)) {
      again.awaitPorts();
      RestClient api = new RestClient(again.httpPort(), KEY);
      api.awaitHealthy();
      HttpResponse<String> course = api.get("/api/v2/courses/jar-course");
      assertThat(course.statusCode()).as(again.output()).isEqualTo(200);
      assertThat(course.body())
          .contains("\"title\":\"Jar course\"", "\"courseLearningStandard\":\"SCORM12\"");
    }
  }

  private String listServices(int grpcPort) throws Exception {
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "npx",
                  "--yes",
                  BUF,
                  "curl",
                  "--protocol",
                  "grpc",
                  "--http2-prior-knowledge",
                  "--list-services",
                  "http://127.0.0.1:" + grpcPort)
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
}
