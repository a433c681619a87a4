package org.courseport.server.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.grpc.GrpcFixtures.tenantId;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.courseport.server.domain.coursepackage.Quotas;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LearningStudio's course creation ({@code POST /api/v1/courses}) is held to the tenant's package
 * quota, through the real server: a creation over it is 403 in LearningStudio's {@code
 * {"message","code"}} shape ({@code USAGE_LIMIT_EXCEEDED_PLAN}) and creates nothing; a created
 * course counts, and the job holds nothing of the quota once it has ended.
 */
class LearningStudioQuotaRestTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  record Answer(int status, JsonNode json) {}

  static Answer call(String method, String path, String key, Object body) {
    HttpRequest request =
        TestHttp.request(method, URI.create(server.http() + path), "Bearer " + key, body)
            .setHeader("Content-Type", "application/json")
            .build();
    TestHttp.Response r = TestHttp.send(HTTP, request);
    return new Answer(r.status(), r.body().length == 0 ? null : r.json());
  }

  private static Map<String, Object> course(String key, String subject) {
    Answer lesson =
        call(
            "POST",
            "/api/lessons",
            key,
            Map.of(
                "title",
                subject,
                "content",
                Map.of("blocks", List.of(Map.of("type", "heading", "text", subject)))));
    assertThat(lesson.status()).as("%s", lesson).isEqualTo(201);
    String lessonId = lesson.json().get("id").asText();
    Answer version = call("POST", "/api/lessons/" + lessonId + "/versions", key, null);
    assertThat(version.status()).as("%s", version).isEqualTo(201);
    return Map.of(
        "subject",
        subject,
        "modules",
        List.of(
            Map.of(
                "title",
                "One",
                "lessons",
                List.of(
                    Map.of(
                        "lessonId", lessonId, "versionId", version.json().get("id").asText())))));
  }

  private static JsonNode pollUntilEnded(String pollUrl, String key) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // hang detection only
    while (true) {
      Answer job = call("GET", pollUrl, key, null);
      assertThat(job.status()).as("%s", job).isEqualTo(200);
      String status = job.json().get("status").asText();
      if (status.equals("completed") || status.equals("failed")) {
        return job.json();
      }
      assertThat(System.nanoTime()).as("job still %s", status).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void aCourseOverThePackageQuota_is403UsageLimit_andCreatesNothing() {
    String key = server.newTenant();
    String tenant = tenantId(server, key);
    Quotas quotas = server.server().services().quotas();
    quotas.override(tenant, 1L, 0L);

    Answer first = call("POST", "/api/v1/courses", key, course(key, "First"));
    assertThat(first.status()).as("%s", first).isEqualTo(202);
    JsonNode job = pollUntilEnded(first.json().get("pollUrl").asText(), key);
    assertThat(job.get("status").asText()).as("%s", job).isEqualTo("completed");
    assertThat(quotas.usage(tenant).packages()).isEqualTo(1);

    Answer second = call("POST", "/api/v1/courses", key, course(key, "Second"));

    assertThat(second.status()).as("%s", second).isEqualTo(403);
    assertThat(second.json().get("code").asText()).isEqualTo("USAGE_LIMIT_EXCEEDED_PLAN");
    assertThat(second.json().get("message").asText())
        .contains("Package quota exceeded")
        .contains("1 of 1");
    assertThat(quotas.usage(tenant).packages()).isEqualTo(1);

    // Room again once the quota is raised: the first job holds nothing any more.
    quotas.override(tenant, 2L, 0L);
    Answer third = call("POST", "/api/v1/courses", key, course(key, "Third"));
    assertThat(third.status()).as("%s", third).isEqualTo(202);
    assertThat(pollUntilEnded(third.json().get("pollUrl").asText(), key).get("status").asText())
        .isEqualTo("completed");
    assertThat(quotas.usage(tenant).packages()).isEqualTo(2);
  }
}
