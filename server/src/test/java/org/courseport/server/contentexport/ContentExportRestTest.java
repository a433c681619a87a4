package org.courseport.server.contentexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Canvas content exports over REST on the real front (seed 004): the ContentExport object exactly,
 * Canvas's error shape and statuses, the list newest first as a bare array paged by {@code Link},
 * the job moving created → exporting → exported with the Progress completion moving, the attachment
 * downloaded without credentials, failures with a message, groups and users.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ContentExportRestTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static CanvasHarness h;

  @BeforeAll
  static void start() throws IOException {
    h = new CanvasHarness();
  }

  @AfterAll
  static void stop() throws IOException {
    h.close();
  }

  static JsonNode json(CanvasHarness.Response r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError(r.text(), e);
    }
  }

  static void assertCanvasError(CanvasHarness.Response r, int status, String messagePart) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.header("content-type")).startsWith("application/json");
    JsonNode body = json(r);
    assertThat(body.size()).as(r.text()).isEqualTo(1);
    assertThat(body.get("errors").isArray()).isTrue();
    assertThat(body.get("errors")).hasSize(1);
    JsonNode error = body.get("errors").get(0);
    assertThat(error.size()).as(r.text()).isEqualTo(1);
    assertThat(error.get("message").asText()).contains(messagePart);
  }

  /** Polls a content export until it ended; each poll is one real request. */
  static JsonNode pollUntilEnded(String path) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      var r = h.call("GET", path, h.key, null);
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      JsonNode e = json(r);
      String state = e.get("workflow_state").asText();
      assertThat(state).isIn("created", "exporting", "exported", "failed");
      if (state.equals("exported") || state.equals("failed")) {
        return e;
      }
      assertThat(System.nanoTime()).as("still %s", state).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void courseExport_movesThroughItsStates_withProgress_andDownloadsWithoutCredentials()
      throws Exception {
    h.addCourse(CanvasHarness.TENANT, "cou-flow");
    h.courseExports.gated = true;
    try {
      var created =
          h.call(
              "POST",
              "/api/v1/courses/cou-flow/content_exports",
              h.key,
              "{\"export_type\":\"common_cartridge\",\"skip_notifications\":true}");
      assertThat(created.status()).as(created.text()).isEqualTo(200);
      JsonNode e = json(created);
      List<String> fields = new ArrayList<>();
      e.fieldNames().forEachRemaining(fields::add);
      assertThat(fields)
          .containsExactlyInAnyOrder(
              "id", "created_at", "export_type", "progress_url", "user_id", "workflow_state");
      assertThat(e.get("id").isInt()).isTrue();
      int id = e.get("id").asInt();
      assertThat(e.get("created_at").asText()).isEqualTo("2026-03-01T10:00:00Z");
      assertThat(e.get("export_type").asText()).isEqualTo("common_cartridge");
      assertThat(e.get("progress_url").asText()).isEqualTo(h.base() + "/api/v1/progress/" + id);
      assertThat(e.get("user_id").isInt()).isTrue();
      assertThat(e.get("workflow_state").asText()).isEqualTo("created");

      // The worker reports 20% and waits for the test.
      assertThat(h.courseExports.reported.poll(60, TimeUnit.SECONDS)).isEqualTo(20);
      var running = json(h.call("GET", "/api/v1/progress/" + id, h.key, null));
      assertThat(running.get("workflow_state").asText()).isEqualTo("running");
      assertThat(running.get("completion").asDouble()).isEqualTo(20.0);
      var exporting =
          json(h.call("GET", "/api/v1/courses/cou-flow/content_exports/" + id, h.key, null));
      assertThat(exporting.get("workflow_state").asText()).isEqualTo("exporting");
      assertThat(exporting.has("attachment")).isFalse();

      h.courseExports.permits.release();
      assertThat(h.courseExports.reported.poll(60, TimeUnit.SECONDS)).isEqualTo(60);
      var later = json(h.call("GET", "/api/v1/progress/" + id, h.key, null));
      assertThat(later.get("completion").asDouble()).isEqualTo(60.0);

      h.courseExports.permits.release(2);
      JsonNode done = pollUntilEnded("/api/v1/courses/cou-flow/content_exports/" + id);
      assertThat(done.get("workflow_state").asText()).as("%s", done).isEqualTo("exported");
      String url = done.get("attachment").get("url").asText();
      assertThat(url)
          .matches(java.util.regex.Pattern.quote(h.base()) + "/files/[A-Za-z0-9_-]{43}/download");

      var progress = json(h.call("GET", "/api/v1/progress/" + id, h.key, null));
      List<String> pf = new ArrayList<>();
      progress.fieldNames().forEachRemaining(pf::add);
      assertThat(pf)
          .containsExactlyInAnyOrder(
              "id",
              "context_id",
              "context_type",
              "user_id",
              "tag",
              "completion",
              "workflow_state",
              "created_at",
              "updated_at",
              "url");
      assertThat(progress.get("id").asInt()).isEqualTo(id);
      assertThat(progress.get("context_id").asText()).isEqualTo("cou-flow");
      assertThat(progress.get("context_type").asText()).isEqualTo("Course");
      assertThat(progress.get("tag").asText()).isEqualTo("content_export");
      assertThat(progress.get("completion").asDouble()).isEqualTo(100.0);
      assertThat(progress.get("workflow_state").asText()).isEqualTo("completed");
      assertThat(progress.get("url").asText()).isEqualTo(h.base() + "/api/v1/progress/" + id);
      assertThat(progress.get("user_id").asInt()).isEqualTo(e.get("user_id").asInt());

      var download = h.call("GET", url, null, null);
      assertThat(download.status()).isEqualTo(200);
      byte[] expected =
          ScriptedCourseExports.zip("cou-flow", ExportOptions.of(ExportFormat.COMMON_CARTRIDGE_13));
      assertThat(download.body()).isEqualTo(expected);
      assertThat(download.header("content-length")).isEqualTo(Integer.toString(expected.length));
      assertThat(download.header("content-disposition"))
          .contains("attachment")
          .contains("cou-flow-common_cartridge.imscc");

      // A tampered token is 404 in Canvas's shape; the other tenant cannot see the progress.
      String tampered = url.replace("/files/", "/files/x");
      assertCanvasError(h.call("GET", tampered, null, null), 404, "No such download");
      assertCanvasError(h.call("GET", "/api/v1/progress/" + id, h.otherKey, null), 404, "progress");
    } finally {
      h.courseExports.gated = false;
      h.courseExports.permits.release(10);
    }
  }

  @Test
  void errors_areInCanvasShape() {
    h.addCourse(CanvasHarness.TENANT, "cou-err");
    assertCanvasError(
        h.call(
            "POST", "/api/v1/courses/cou-err/content_exports", h.key, "{\"export_type\":\"pdf\"}"),
        400,
        "export_type must be common_cartridge, qti or zip, not 'pdf'");
    assertCanvasError(
        h.call("POST", "/api/v1/courses/cou-err/content_exports", h.key, "{}"),
        400,
        "export_type is required");
    assertCanvasError(
        h.call("POST", "/api/v1/courses/nope/content_exports", h.key, "{\"export_type\":\"zip\"}"),
        404,
        "No course 'nope'");
    assertCanvasError(
        h.call(
            "POST",
            "/api/v1/courses/cou-err/content_exports",
            h.otherKey,
            "{\"export_type\":\"zip\"}"),
        404,
        "No course 'cou-err'");
    var unauthenticated =
        h.call(
            "POST", "/api/v1/courses/cou-err/content_exports", null, "{\"export_type\":\"zip\"}");
    assertCanvasError(unauthenticated, 401, "Invalid access token");
    assertCanvasError(
        h.call(
            "POST",
            "/api/v1/courses/cou-err/content_exports",
            "AAAA:wrong",
            "{\"export_type\":\"zip\"}"),
        401,
        "Invalid access token");
    assertCanvasError(
        h.call("POST", "/api/v1/accounts/1/content_exports", h.key, "{\"export_type\":\"zip\"}"),
        404,
        "does not exist");
    assertCanvasError(
        h.call("GET", "/api/v1/courses/cou-err/content_exports/999", h.key, null), 404, "999");
    assertCanvasError(
        h.call("POST", "/api/v1/courses/cou-err/content_exports", h.key, "{\"export_type\":"),
        400,
        "");
    assertCanvasError(h.call("GET", "/api/v1/progress/424242", h.key, null), 404, "424242");
    assertThat(
            h.jobs.count(
                CanvasHarness.TENANT,
                org.courseport.server.domain.contentexport.ContextType.COURSE,
                "cou-err"))
        .isZero();
  }

  @Test
  void list_isNewestFirst_aBareArray_pagedByLinkHeader() {
    h.addCourse(CanvasHarness.TENANT, "cou-list");
    h.courseExports.gated = false;
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      var r =
          h.call(
              "POST",
              "/api/v1/courses/cou-list/content_exports",
              h.key,
              "{\"export_type\":\"qti\"}");
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      ids.add(json(r).get("id").asInt());
    }
    var page1 = h.call("GET", "/api/v1/courses/cou-list/content_exports?per_page=2", h.key, null);
    assertThat(page1.status()).as(page1.text()).isEqualTo(200);
    JsonNode arr = json(page1);
    assertThat(arr.isArray()).as(page1.text()).isTrue();
    assertThat(arr).hasSize(2);
    assertThat(arr.get(0).get("id").asInt()).isEqualTo(ids.get(4));
    assertThat(arr.get(1).get("id").asInt()).isEqualTo(ids.get(3));
    String prefix = h.base() + "/api/v1/courses/cou-list/content_exports";
    assertThat(page1.header("link"))
        .isEqualTo(
            "<"
                + prefix
                + "?page=1&per_page=2>; rel=\"current\",<"
                + prefix
                + "?page=2&per_page=2>; rel=\"next\",<"
                + prefix
                + "?page=1&per_page=2>; rel=\"first\",<"
                + prefix
                + "?page=3&per_page=2>; rel=\"last\"");
    var page3 =
        h.call("GET", "/api/v1/courses/cou-list/content_exports?page=3&per_page=2", h.key, null);
    JsonNode last = json(page3);
    assertThat(last).hasSize(1);
    assertThat(last.get(0).get("id").asInt()).isEqualTo(ids.get(0));
    assertThat(page3.header("link"))
        .contains("rel=\"prev\"")
        .contains("?page=2&per_page=2>; rel=\"prev\"")
        .doesNotContain("rel=\"next\"");
    // Default 10 per page, at most 100.
    var all = h.call("GET", "/api/v1/courses/cou-list/content_exports?per_page=1000", h.key, null);
    assertThat(json(all)).hasSize(5);
    assertThat(all.header("link")).contains("per_page=100>");
    var defaults = h.call("GET", "/api/v1/courses/cou-list/content_exports", h.key, null);
    assertThat(defaults.header("link")).contains("?page=1&per_page=10>; rel=\"current\"");
    assertCanvasError(
        h.call("GET", "/api/v1/courses/cou-list/content_exports", h.otherKey, null),
        404,
        "cou-list");
  }

  @Test
  void refusedExport_failsWithItsMessage() {
    h.addCourse(CanvasHarness.TENANT, "refuse-me");
    var r =
        h.call(
            "POST",
            "/api/v1/courses/refuse-me/content_exports",
            h.key,
            "{\"export_type\":\"zip\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    int id = json(r).get("id").asInt();
    JsonNode done = pollUntilEnded("/api/v1/courses/refuse-me/content_exports/" + id);
    assertThat(done.get("workflow_state").asText()).isEqualTo("failed");
    assertThat(done.has("attachment")).isFalse();
    JsonNode progress = json(h.call("GET", "/api/v1/progress/" + id, h.key, null));
    assertThat(progress.get("workflow_state").asText()).isEqualTo("failed");
    assertThat(progress.get("message").asText())
        .isEqualTo("Course refuse-me has no content to export as zip.");
  }

  @Test
  void groupAndUserExports_bundleEachCourse_emptyGroupFails() throws Exception {
    h.addCourse(CanvasHarness.TENANT, "g-one");
    h.addCourse(CanvasHarness.TENANT, "g-two");
    var group =
        h.call(
            "POST",
            "/api/v1/groups",
            h.key,
            "{\"name\":\"Biology\",\"course_ids\":[\"g-one\",\"g-two\",\"g-one\"]}");
    assertThat(group.status()).as(group.text()).isEqualTo(200);
    JsonNode g = json(group);
    assertThat(g.get("id").isInt()).isTrue();
    assertThat(g.get("name").asText()).isEqualTo("Biology");
    assertThat(g.get("course_ids").toString()).isEqualTo("[\"g-one\",\"g-two\"]");
    int groupId = g.get("id").asInt();
    assertThat(json(h.call("GET", "/api/v1/groups/" + groupId, h.key, null)).get("name").asText())
        .isEqualTo("Biology");
    assertCanvasError(h.call("GET", "/api/v1/groups/" + groupId, h.otherKey, null), 404, "group");
    assertCanvasError(
        h.call("POST", "/api/v1/groups", h.key, "{\"name\":\"X\",\"course_ids\":[\"zzz\"]}"),
        404,
        "No course 'zzz'");

    var r =
        h.call(
            "POST",
            "/api/v1/groups/" + groupId + "/content_exports",
            h.key,
            "{\"export_type\":\"zip\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    int id = json(r).get("id").asInt();
    JsonNode done = pollUntilEnded("/api/v1/groups/" + groupId + "/content_exports/" + id);
    assertThat(done.get("workflow_state").asText()).as("%s", done).isEqualTo("exported");
    var zip = h.call("GET", done.get("attachment").get("url").asText(), null, null);
    assertThat(zip.status()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        names.add(e.getName());
        if (e.getName().equals("g-one/g-one-zip.zip")) {
          assertThat(in.readAllBytes())
              .isEqualTo(ScriptedCourseExports.zip("g-one", ExportOptions.of(ExportFormat.ZIP)));
        }
      }
    }
    assertThat(names).containsExactly("g-one/g-one-zip.zip", "g-two/g-two-zip.zip");
    JsonNode progress = json(h.call("GET", "/api/v1/progress/" + id, h.key, null));
    assertThat(progress.get("context_type").asText()).isEqualTo("Group");
    assertThat(progress.get("context_id").asText()).isEqualTo(Integer.toString(groupId));

    // users/self: the tenant's user; its export holds the tenant's courses.
    h.addCourse(CanvasHarness.THIRD, "u-one");
    JsonNode self = json(h.call("GET", "/api/v1/users/self", h.thirdKey, null));
    int userId = self.get("id").asInt();
    assertThat(json(h.call("GET", "/api/v1/users/" + userId, h.thirdKey, null)).get("id").asInt())
        .isEqualTo(userId);
    var u =
        h.call(
            "POST", "/api/v1/users/self/content_exports", h.thirdKey, "{\"export_type\":\"zip\"}");
    assertThat(u.status()).as(u.text()).isEqualTo(200);
    assertThat(json(u).get("user_id").asInt()).isEqualTo(userId);
    int uid = json(u).get("id").asInt();
    JsonNode udone =
        json(h.call("GET", "/api/v1/users/self/content_exports/" + uid, h.thirdKey, null));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (udone.get("workflow_state").asText().matches("created|exporting")) {
      assertThat(System.nanoTime()).isLessThan(until);
      Thread.onSpinWait();
      udone =
          json(
              h.call(
                  "GET", "/api/v1/users/" + userId + "/content_exports/" + uid, h.thirdKey, null));
    }
    assertThat(udone.get("workflow_state").asText()).as("%s", udone).isEqualTo("exported");
    var userZip = h.call("GET", udone.get("attachment").get("url").asText(), null, null);
    List<String> userNames = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(userZip.body()))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        userNames.add(e.getName());
      }
    }
    assertThat(userNames).containsExactly("u-one/u-one-zip.zip");

    // The other tenant's user has no courses: its export fails with a message.
    var empty =
        h.call(
            "POST", "/api/v1/users/self/content_exports", h.otherKey, "{\"export_type\":\"qti\"}");
    assertThat(empty.status()).as(empty.text()).isEqualTo(200);
    int eid = json(empty).get("id").asInt();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonNode p;
    do {
      p = json(h.call("GET", "/api/v1/progress/" + eid, h.otherKey, null));
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.onSpinWait();
    } while (!p.get("workflow_state").asText().equals("failed"));
    assertThat(p.get("message").asText()).contains("has no courses; there is nothing to export");
  }
}
