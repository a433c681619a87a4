package org.courseport.server.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.content.ContentOriginFixture.Entry.deflated;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.courseport.server.domain.launch.RuntimeCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run-time commits on the content origin, through the real server. */
class ContentOriginCommitTest {
  @TempDir static Path dir;

  static ContentOriginFixture f;
  String commitUrl;

  @BeforeAll
  static void start() throws Exception {
    f = new ContentOriginFixture(dir);
    f.store("golf", ContentOriginFixture.zip(deflated("index.html", "<p>golf</p>")));
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @BeforeEach
  void session() {
    f.sessions.commits.clear();
    commitUrl = "/s/" + f.deliver(f.tracked("golf", "s-1", Duration.ofHours(8))) + "/commit";
  }

  private static String commit(long seq, boolean fin, String suspend) {
    return "{\"itemId\":\"item_1\",\"attemptKey\":\"k-1\",\"seq\":"
        + seq
        + ",\"final\":"
        + fin
        + ",\"cmi\":{\"core\":{\"lesson_status\":\"incomplete\",\"lesson_location\":\"p3\"},"
        + "\"suspend_data\":\""
        + suspend
        + "\"}}";
  }

  private static HttpResponse<byte[]> post(String url, String body, String contentType) {
    return f.send("POST", url, BodyPublishers.ofString(body), "Content-Type", contentType);
  }

  private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
    return CommitBodies.JSON.readTree(r.body());
  }

  @Test
  void jsonCommit_isStored_andAnswersOk() throws Exception {
    HttpResponse<byte[]> r = post(commitUrl, commit(1, false, "abc"), "application/json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).toString()).isEqualTo("{\"ok\":true}");
    assertThat(f.sessions.commits).hasSize(1);
    RuntimeCommit c = f.sessions.commits.get(0);
    assertThat(c.itemId()).isEqualTo("item_1");
    assertThat(c.attemptKey()).isEqualTo("k-1");
    assertThat(c.seq()).isEqualTo(1);
    assertThat(c.finalCommit()).isFalse();
    assertThat(CommitBodies.JSON.readTree(c.cmiJson()).at("/core/lesson_location").asText())
        .isEqualTo("p3");
  }

  @Test
  void beaconTextPlain_isAccepted() {
    HttpResponse<byte[]> r = post(commitUrl, commit(2, true, "x"), "text/plain;charset=UTF-8");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(f.sessions.commits)
        .singleElement()
        .satisfies(c -> assertThat(c.finalCommit()).isTrue());
  }

  @Test
  void malformedBodies_are400InvalidCommit() throws Exception {
    String[][] cases = {
      {"not json", "not valid JSON"},
      {"[1,2]", "must be a JSON object"},
      {"", "empty"},
      {"{\"attemptKey\":\"k\",\"seq\":1,\"cmi\":{}}", "'itemId'"},
      {"{\"itemId\":\"i\",\"attemptKey\":\"k\",\"seq\":-1,\"cmi\":{}}", "'seq'"},
      {"{\"itemId\":\"i\",\"attemptKey\":\"k\",\"seq\":1.5,\"cmi\":{}}", "'seq'"},
      {"{\"itemId\":\"i\",\"attemptKey\":\"k\",\"seq\":1,\"final\":\"yes\",\"cmi\":{}}", "'final'"},
      {"{\"itemId\":\"i\",\"attemptKey\":\"k\",\"seq\":1,\"cmi\":\"x\"}", "'cmi'"},
    };
    for (String[] c : cases) {
      HttpResponse<byte[]> r = post(commitUrl, c[0], "application/json");
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      JsonNode body = json(r);
      assertThat(body.path("error").asText()).as(c[0]).isEqualTo("INVALID_COMMIT");
      assertThat(body.path("message").asText()).as(c[0]).contains(c[1]);
    }
    assertThat(f.sessions.commits).isEmpty();
  }

  @Test
  void refusedCommit_is400WithTheCode() throws Exception {
    HttpResponse<byte[]> r =
        post(commitUrl, commit(3, false, "x".repeat(5000)), "application/json");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json(r);
    assertThat(body.path("error").asText()).isEqualTo("SUSPEND_DATA_TOO_LONG");
    assertThat(body.path("message").asText()).contains("4,096");
    assertThat(f.sessions.commits).isEmpty();
  }

  @Test
  void previewCommit_is403() throws Exception {
    String preview = "/s/" + f.deliver(f.preview("golf", null, Duration.ofMinutes(5))) + "/commit";
    HttpResponse<byte[]> r = post(preview, commit(1, false, ""), "application/json");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).path("error").asText()).isEqualTo("PREVIEW");
    assertThat(f.sessions.commits).isEmpty();
  }

  @Test
  void expiredSession_is410_unknownIs404() throws Exception {
    String shortUrl =
        "/s/" + f.deliver(f.tracked("golf", "s-2", Duration.ofMinutes(1))) + "/commit";
    f.clock.advance(Duration.ofMinutes(2));
    HttpResponse<byte[]> expired;
    try {
      expired = post(shortUrl, commit(1, true, ""), "text/plain");
    } finally {
      f.clock.advance(Duration.ofMinutes(-2));
    }
    assertThat(expired.statusCode()).isEqualTo(410);
    assertThat(json(expired).path("error").asText()).isEqualTo("SESSION_EXPIRED");
    HttpResponse<byte[]> unknown =
        post("/s/" + "Q".repeat(43) + "/commit", commit(1, true, ""), "text/plain");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("error").asText()).isEqualTo("NOT_FOUND");
    assertThat(f.sessions.commits).isEmpty();
  }

  @Test
  void oversizeBody_isRefused() {
    String big = commit(1, false, "y".repeat(ContentOrigin.MAX_COMMIT_BYTES));
    HttpResponse<byte[]> r = post(commitUrl, big, "application/json");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(f.sessions.commits).isEmpty();
  }

  @Test
  void otherContentTypes_are415() throws Exception {
    HttpResponse<byte[]> r = post(commitUrl, "a=b", "application/x-www-form-urlencoded");
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(json(r).path("error").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
  }
}
