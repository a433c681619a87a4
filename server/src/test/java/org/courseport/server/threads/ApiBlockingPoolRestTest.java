package org.courseport.server.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.courseport.server.CourseportServer;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Through the real HTTP server: many concurrent REST calls run on the API server's own bounded
 * blocking pool ({@code COURSEPORT_BLOCKING_THREADS}), which never holds more threads than that,
 * instead of Armeria's 200-thread common pool (issue 12).
 */
class ApiBlockingPoolRestTest {
  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension().with("COURSEPORT_BLOCKING_THREADS", "3");

  @Test
  void concurrentRestCalls_useAtMostTheConfiguredBlockingThreads() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    URI courses = server.http().resolve("/api/v2/courses");
    ExecutorService clients = Executors.newFixedThreadPool(12);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 240; i++) {
        answers.add(
            clients.submit(
                () ->
                    http.send(
                        HttpRequest.newBuilder(courses)
                            .header(
                                "Authorization",
                                CourseportServerExtension.basic(CourseportServerExtension.KEY))
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())));
      }
      for (Future<HttpResponse<String>> a : answers) {
        HttpResponse<String> r = a.get(2, TimeUnit.MINUTES);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"courses\"");
      }
    } finally {
      clients.shutdownNow();
    }
    long apiThreads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith(CourseportServer.API_BLOCKING_THREAD_PREFIX))
            .count();
    // The REST calls ran there (at least one thread), and never on more than the bound.
    assertThat(apiThreads).isBetween(1L, 3L);
  }
}
