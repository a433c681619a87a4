package org.courseport.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code COURSEPORT_RATE_LIMITS=off}: nothing is counted, no request is refused, no headers. */
class RateLimitsOffTest {
  @RegisterExtension
  static final CourseportServerExtension SERVER =
      new CourseportServerExtension().with("COURSEPORT_RATE_LIMITS", "off");

  @Test
  void offAuthenticatesWithOnePlainRead() {
    String key = SERVER.newTenant();
    var stub = SERVER.blocking(key);
    org.courseport.api.v1.GetCourseRequest missing =
        org.courseport.api.v1.GetCourseRequest.newBuilder().setCourseId("no-such-course").build();
    var before = AuthRateLimitRoundTripTest.commands(SERVER);
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> stub.getCourse(missing));
    assertThat(io.grpc.Status.fromThrowable(t).getCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND);
    var after = AuthRateLimitRoundTripTest.commands(SERVER);
    assertThat(AuthRateLimitRoundTripTest.authCommands(before, after))
        .as("all commands: %s -> %s", before, after)
        .containsExactly(java.util.Map.entry("apiKeys/find", 1L));
    assertThat(
            SERVER
                .server()
                .services()
                .store()
                .database()
                .getCollection("apiKeys")
                .find(new org.bson.Document("keyId", key.substring(0, key.indexOf(':'))))
                .first())
        .doesNotContainKey("rl");
  }

  @Test
  void offCountsNothing() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String key = SERVER.newTenant();
    for (int i = 0; i < 40; i++) {
      // 40 exports: over LearningStudio's 30 per minute, which "off" lifts too.
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(SERVER.http() + "/api/v1/courses/cou_missing/export"))
                  .header("Authorization", CourseportServerExtension.basic(key))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      // The new tenant is on the free plan: each export is refused with 403, never 429.
      assertThat(r.statusCode()).as("request " + (i + 1)).isEqualTo(403);
      assertThat(r.body()).contains("PAID_PLAN_REQUIRED");
      assertThat(r.headers().firstValue("X-RateLimit-Limit")).isEmpty();
      assertThat(r.headers().firstValue("Retry-After")).isEmpty();
    }
    assertThat(
            SERVER
                .server()
                .services()
                .store()
                .database()
                .getCollection("rateLimits")
                .countDocuments())
        .isZero();
  }
}
