package org.courseport.server.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.testing.TestHttp.JSON;
import static org.courseport.server.testing.TestHttp.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp;
import org.courseport.server.webhooks.Signatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Courses from lessons over REST on the real server: {@code POST /api/v1/courses} answers 202 with
 * a job, the job is polled to completion with the course object, the course is an ordinary course
 * of the SCORM Cloud and Allure APIs (flagged by its format, no package to download), the callback
 * receiver on loopback gets {@code course.created}, and the documented errors in LearningStudio's
 * {@code {"message","code"}} shape.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CourseAuthoringRestTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final LinkedBlockingQueue<AggregatedHttpRequest> received = new LinkedBlockingQueue<>();
  static final LinkedBlockingQueue<AggregatedHttpRequest> signed = new LinkedBlockingQueue<>();
  static final Server receiver = startReceiver();

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          .with("COURSEPORT_FETCH_ALLOW", "127.0.0.1:" + receiver.activeLocalPort())
          .with("COURSEPORT_WEBHOOK_PLAIN_HTTP_HOSTS", "127.0.0.1");

  static final String KEY = CourseportServerExtension.KEY;

  static Server startReceiver() {
    Server s =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
            .service(
                "/hook",
                (ctx, req) ->
                    HttpResponse.of(
                        req.aggregate()
                            .thenApply(
                                r -> {
                                  received.add(r);
                                  return HttpResponse.of(HttpStatus.NO_CONTENT);
                                })))
            .service(
                "/signed",
                (ctx, req) ->
                    HttpResponse.of(
                        req.aggregate()
                            .thenApply(
                                r -> {
                                  signed.add(r);
                                  return HttpResponse.of(HttpStatus.OK);
                                })))
            .build();
    s.start().join();
    return s;
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop().join();
  }

  record Answer(int status, JsonNode json) {}

  /** Calls the front with a JSON body (none when null), typed JSON even when bodiless. */
  static Answer call(String method, String path, String authorization, Object body) {
    HttpRequest request =
        TestHttp.request(method, URI.create(server.http() + path), authorization, body)
            .setHeader("Content-Type", "application/json")
            .build();
    TestHttp.Response r = TestHttp.send(HTTP, request);
    return new Answer(r.status(), r.jsonOrNullNode());
  }

  static String bearer(String key) {
    return "Bearer " + key;
  }

  /** Creates and publishes a lesson; returns {lessonId, versionId}. */
  static String[] publishedLesson(String key, String title) {
    Answer lesson =
        call(
            "POST",
            "/api/lessons",
            bearer(key),
            Map.of(
                "title",
                title,
                "content",
                Map.of("blocks", List.of(Map.of("type", "heading", "text", title)))));
    assertThat(lesson.status()).as("%s", lesson).isEqualTo(201);
    String lessonId = lesson.json().get("id").asText();
    Answer version = call("POST", "/api/lessons/" + lessonId + "/versions", bearer(key), null);
    assertThat(version.status()).as("%s", version).isEqualTo(201);
    return new String[] {lessonId, version.json().get("id").asText()};
  }

  static Map<String, Object> ref(String[] lesson) {
    return Map.of("lessonId", lesson[0], "versionId", lesson[1]);
  }

  /** Polls the job until it ends (the worker runs in-process; each poll is one real request). */
  static JsonNode pollUntilEnded(String pollUrl, String key) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Answer job = call("GET", pollUrl, bearer(key), null);
      assertThat(job.status()).as("%s", job).isEqualTo(200);
      String status = job.json().get("status").asText();
      assertThat(status).isIn("pending", "running", "completed", "failed");
      if (status.equals("completed") || status.equals("failed")) {
        return job.json();
      }
      assertThat(System.nanoTime()).as("job still %s", status).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void createdCourse_isPolledToCompletion_isAnOrdinaryCourse_andCalledBack() throws Exception {
    String[] cells = publishedLesson(KEY, "Cells");
    String[] tissues = publishedLesson(KEY, "Tissues");
    String[] organs = publishedLesson(KEY, "Organs");
    String hook = "http://127.0.0.1:" + receiver.activeLocalPort() + "/hook";

    Answer accepted =
        call(
            "POST",
            "/api/v1/courses",
            bearer(KEY),
            Map.of(
                "subject",
                "Biology basics",
                "headline",
                "From cells to organs",
                "format",
                "classic",
                "callbackUrl",
                hook,
                "modules",
                List.of(
                    Map.of("title", "Small", "lessons", List.of(ref(cells), ref(tissues))),
                    Map.of("title", "Large", "lessons", List.of(ref(organs))))));
    assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
    String jobId = accepted.json().get("jobId").asText();
    assertThat(accepted.json().get("status").asText()).isEqualTo("pending");
    assertThat(accepted.json().get("pollUrl").asText()).isEqualTo("/api/v1/courses/jobs/" + jobId);

    JsonNode job = pollUntilEnded(accepted.json().get("pollUrl").asText(), KEY);
    assertThat(job.get("status").asText()).as("%s", job).isEqualTo("completed");
    assertThat(job.get("progress").asInt()).isEqualTo(100);
    JsonNode course = job.get("course");
    String courseId = course.get("id").asText();
    assertThat(courseId).matches("cou_[0-9a-f]{24}");
    assertThat(course.get("name").asText()).isEqualTo("Biology basics");
    assertThat(course.get("headline").asText()).isEqualTo("From cells to organs");
    assertThat(course.get("format").asText()).isEqualTo("classic");
    assertThat(course.get("languageId").asText()).isEqualTo("en-US");
    assertThat(course.get("shareUrl").asText()).endsWith("/go/" + courseId);
    assertThat(course.get("createdAt").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(course.at("/modules/0/title").asText()).isEqualTo("Small");
    assertThat(course.at("/modules/0/lessons/1/lessonId").asText()).isEqualTo(tissues[0]);
    assertThat(course.at("/modules/0/lessons/1/title").asText()).isEqualTo("Tissues");
    assertThat(course.at("/modules/1/lessons/0/versionId").asText()).isEqualTo(organs[1]);

    // The same course record as imported courses: SCORM Cloud and Allure read it sanely.
    String basic = CourseportServerExtension.basic(KEY);
    Answer scorm = call("GET", "/api/v2/courses/" + courseId, basic, null);
    assertThat(scorm.status()).as("%s", scorm).isEqualTo(200);
    assertThat(scorm.json().get("id").asText()).isEqualTo(courseId);
    assertThat(scorm.json().get("title").asText()).isEqualTo("Biology basics");
    assertThat(scorm.json().get("version").asInt()).isEqualTo(0);
    Answer list = call("GET", "/api/v2/courses", basic, null);
    assertThat(list.status()).as("%s", list).isEqualTo(200);
    assertThat(list.json().get("courses").findValuesAsText("id")).contains(courseId);
    Answer allure = call("GET", "/api/v1/packages/" + courseId, bearer(KEY), null);
    assertThat(allure.status()).as("%s", allure).isEqualTo(200);
    assertThat(allure.json().get("title").asText()).isEqualTo("Biology basics");
    // No package until the SCORM export exists: a clear 4xx, not a 500.
    Answer zip = call("GET", "/api/v2/courses/" + courseId + "/zip", basic, null);
    assertThat(zip.status()).as("%s", zip).isBetween(400, 499);
    assertThat(zip.json().toString()).contains("authored from lessons");
    Answer files = call("GET", "/api/v2/courses/" + courseId + "/asset/list", basic, null);
    assertThat(files.status()).as("%s", files).isBetween(400, 499);

    // The callback: course.created, as LearningStudio documents it.
    AggregatedHttpRequest callback = received.poll(60, TimeUnit.SECONDS);
    assertThat(callback).as("course.created delivered").isNotNull();
    JsonNode event = JSON.readTree(callback.contentUtf8());
    assertThat(event.get("event").asText()).isEqualTo("course.created");
    assertThat(event.get("jobId").asText()).isEqualTo(jobId);
    assertThat(event.at("/course/id").asText()).isEqualTo(courseId);
    assertThat(event.at("/course/name").asText()).isEqualTo("Biology basics");
    assertThat(event.at("/course/headline").asText()).isEqualTo("From cells to organs");
    assertThat(event.at("/course/shareUrl").asText()).isEqualTo(course.get("shareUrl").asText());
    assertThat(event.at("/course/createdAt").asText()).isEqualTo(course.get("createdAt").asText());
    assertThat(callback.headers().get("content-type")).startsWith("application/json");
  }

  @Test
  void aCallbackUrlRegisteredAsAWebhookEndpoint_isCalledBackSigned() throws Exception {
    String url = "http://127.0.0.1:" + receiver.activeLocalPort() + "/signed";
    Answer endpoint =
        call(
            "POST",
            "/api/v1/webhooks",
            bearer(KEY),
            Map.of("url", url, "events", List.of("package.processing.completed")));
    assertThat(endpoint.status()).as("%s", endpoint).isEqualTo(200);
    String secret = endpoint.json().get("secret").asText();
    String[] lesson = publishedLesson(KEY, "Signed lesson");
    Answer accepted =
        call(
            "POST",
            "/api/v1/courses",
            bearer(KEY),
            Map.of(
                "subject",
                "Signed",
                "callbackUrl",
                url,
                "modules",
                List.of(Map.of("title", "M", "lessons", List.of(ref(lesson))))));
    assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);

    AggregatedHttpRequest callback = signed.poll(60, TimeUnit.SECONDS);
    assertThat(callback).as("course.created delivered").isNotNull();
    assertThat(JSON.readTree(callback.contentUtf8()).get("event").asText())
        .isEqualTo("course.created");
    String id = callback.headers().get(Signatures.ID);
    long timestamp = Long.parseLong(callback.headers().get(Signatures.TIMESTAMP));
    assertThat(callback.headers().get(Signatures.EVENT)).isEqualTo("course.created");
    assertThat(
            Signatures.verify(
                secret,
                id,
                timestamp,
                callback.content().array(),
                callback.headers().get(Signatures.SIGNATURE)))
        .as("signature of %s", callback.headers())
        .isTrue();
    assertThat(
            Signatures.verify(
                "whsec_other",
                id,
                timestamp,
                callback.content().array(),
                callback.headers().get(Signatures.SIGNATURE)))
        .isFalse();
  }

  @Test
  void withoutModules_isA400SayingCourseportDoesNotGenerateContent() {
    Answer a = call("POST", "/api/v1/courses", bearer(KEY), Map.of("subject", "Photosynthesis"));
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("code").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(a.json().get("message").asText())
        .contains("modules is required")
        .contains("does not generate");
    assertThat(a.json().size()).isEqualTo(2);
  }

  @Test
  void badFields_are400sNamingTheField() {
    String[] lesson = publishedLesson(KEY, "Bad fields");
    List<Object> modules = List.of(Map.of("title", "M", "lessons", List.of(ref(lesson))));
    Map<String, String> cases =
        Map.of(
            "{\"modules\":" + json(modules) + "}", "subject is required",
            "{\"subject\":\"" + "x".repeat(201) + "\",\"modules\":" + json(modules) + "}",
                "subject must be at most 200",
            "{\"subject\":\"S\",\"format\":\"slides\",\"modules\":" + json(modules) + "}",
                "format must be 'onepage' or 'classic'",
            "{\"subject\":\"S\",\"callbackUrl\":\"http://example.com/h\",\"modules\":"
                    + json(modules)
                    + "}",
                "callbackUrl",
            "{\"subject\":\"S\",\"modules\":[{\"title\":\"M\",\"lessons\":"
                    + "[{\"lessonId\":\"nope\",\"versionId\":\""
                    + lesson[1]
                    + "\"}]}]}",
                "modules[0].lessons[0].lessonId is not a UUID",
            "{\"subject\":\"S\",\"modules\":[{\"title\":\"M\",\"lessons\":[{\"lessonId\":\""
                    + lesson[0]
                    + "\",\"versionId\":\""
                    + lesson[0]
                    + "\"}]}]}",
                "has no published version");
    cases.forEach(
        (body, message) -> {
          Answer a = call("POST", "/api/v1/courses", bearer(KEY), body);
          assertThat(a.status()).as("%s -> %s", body, a).isEqualTo(400);
          assertThat(a.json().get("code").asText()).isEqualTo("VALIDATION_ERROR");
          assertThat(a.json().get("message").asText()).as(body).contains(message);
        });
  }

  @Test
  void anotherTenantsLessonsAndJobs_areNotVisible() throws Exception {
    String[] mine = publishedLesson(KEY, "Mine");
    String other = server.newTenant();
    Map<String, Object> body =
        Map.of(
            "subject",
            "Borrowed",
            "modules",
            List.of(Map.of("title", "M", "lessons", List.of(ref(mine)))));
    Answer borrowed = call("POST", "/api/v1/courses", bearer(other), body);
    assertThat(borrowed.status()).isEqualTo(400);
    assertThat(borrowed.json().get("message").asText())
        .contains(mine[0])
        .contains("has no published version");

    Answer accepted = call("POST", "/api/v1/courses", bearer(KEY), body);
    assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
    String poll = accepted.json().get("pollUrl").asText();
    Answer foreign = call("GET", poll, bearer(other), null);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.json().get("code").asText()).isEqualTo("NOT_FOUND");
    Answer unknown =
        call("GET", "/api/v1/courses/jobs/7d1c1ad2-5b0c-4c5e-9b7e-1f0d7a5d9a11", bearer(KEY), null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(pollUntilEnded(poll, KEY).get("status").asText()).isEqualTo("completed");
  }

  @Test
  void withoutOrWithAWrongKey_is401() {
    Answer none = call("POST", "/api/v1/courses", null, Map.of("subject", "S"));
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().get("code").asText()).isEqualTo("INVALID_API_KEY");
    Answer wrong = call("GET", "/api/v1/courses/jobs/x", bearer("test-app:wrong"), null);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().get("code").asText()).isEqualTo("INVALID_API_KEY");
  }
}
