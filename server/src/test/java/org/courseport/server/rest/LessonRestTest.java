package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.testing.TestHttp.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lesson routes under {@code /api/lessons} through the real server: the transcoded
 * LessonService in lowerCamel JSON, 201 on the creating routes, and seed 001's error bodies for
 * every documented error, including those raised before the RPC.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LessonRestTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
  static final String INSTANT = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";

  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  record Answer(int status, TestHttp.Response response, JsonNode json) {
    String header(String name) {
      return response.header(name);
    }
  }

  /** Calls the front with {@code Authorization: <authorization>} (none when null). */
  static Answer call(String method, String path, String authorization, String body) {
    HttpRequest request =
        TestHttp.request(method, URI.create(server.http() + path), authorization, body).build();
    TestHttp.Response r = TestHttp.send(HTTP, request);
    return new Answer(r.status(), r, r.jsonOrNullNode());
  }

  /** The seed's token form of a key {@code id:secret}: {@code Bearer id.secret}. */
  static String dotted(String key) {
    return "Bearer " + key.replace(':', '.');
  }

  static String bearer(String key) {
    return "Bearer " + key;
  }

  static String tenantOf(String key) {
    return server.server().services().tenants().findKey(key.split(":")[0]).orElseThrow().tenantId();
  }

  static String addMedia(String key) {
    String id = UUID.randomUUID().toString();
    server
        .server()
        .services()
        .store()
        .database()
        .getCollection("media")
        .insertOne(
            new Document("_id", id)
                .append("tenantId", tenantOf(key))
                .append("mimeType", "image/jpeg")
                .append("ext", "jpg"));
    return id;
  }

  static String issueExample(String mediaId) {
    return "{\"blocks\": [{\"type\": \"heading\", \"text\": \"Cells\"}, {\"type\": \"text\","
        + " \"html\": \"<p>Cells are the unit of life.</p>\"}, {\"type\": \"image\", \"media\":"
        + " \"media:"
        + mediaId
        + "\", \"alt\": \"A cell\"}, {\"type\": \"quiz\", \"questions\": [{\"type\":"
        + " \"multiple_choice\", \"prompt\": \"What is the unit of life?\", \"points\": 1,"
        + " \"choices\": [{\"text\": \"Cell\", \"correct\": true}, {\"text\": \"Atom\"}]}]}]}";
  }

  static String createBody(String title, String slug, String content) {
    ObjectNode body = JSON.createObjectNode().put("title", title);
    if (slug != null) {
      body.put("slug", slug);
    }
    try {
      if (content != null) {
        body.set("content", JSON.readTree(content));
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return body.toString();
  }

  static JsonNode create(String key, String title, String slug, String content) {
    Answer a = call("POST", "/api/lessons", dotted(key), createBody(title, slug, content));
    assertThat(a.status()).as("%s", a.json()).isEqualTo(201);
    return a.json();
  }

  /** Asserts seed 001's error body exactly (timestamp by form). */
  static void assertError(Answer a, int status, String error, String message, String code) {
    assertThat(a.status()).as("%s", a.json()).isEqualTo(status);
    assertThat(a.header("content-type")).startsWith("application/json");
    JsonNode json = a.json();
    assertThat(json.get("timestamp").asText()).matches(TIMESTAMP);
    ObjectNode expected =
        JSON.createObjectNode()
            .put("error", error)
            .put("message", message)
            .put("code", code)
            .put("timestamp", json.get("timestamp").asText());
    assertThat(json).isEqualTo(expected);
  }

  @Test
  void createLesson_withTheIssueExample_answers201WithTheLessonAndItsContent() throws Exception {
    String key = server.newTenant();
    String media = addMedia(key);

    Answer a =
        call("POST", "/api/lessons", dotted(key), createBody("Cells", null, issueExample(media)));

    assertThat(a.status()).isEqualTo(201);
    JsonNode lesson = a.json();
    String id = lesson.get("id").asText();
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    assertThat(lesson.get("createdAt").asText()).matches(INSTANT);
    ObjectNode expected =
        JSON.createObjectNode()
            .put("id", id)
            .put("title", "Cells")
            .put("slug", "cells")
            .<ObjectNode>set("content", JSON.readTree(issueExample(media)))
            .put("createdAt", lesson.get("createdAt").asText())
            .put("updatedAt", lesson.get("createdAt").asText())
            .put("latestVersionNumber", 0)
            .put("latestVersionId", "");
    assertThat(lesson).isEqualTo(expected);
    // "points": 1 stays an integer through Struct.
    assertThat(a.response().body()).asString().contains("\"points\":1,");
  }

  @Test
  void publish_answers201WithVersionOne_thenTwo_andTheVersionsCanBeReadAndListed() {
    String key = server.newTenant();
    String media = addMedia(key);
    String id = create(key, "Cell Biology", null, issueExample(media)).get("id").asText();

    Answer first = call("POST", "/api/lessons/" + id + "/versions", dotted(key), null);
    Answer second = call("POST", "/api/lessons/" + id + "/versions", bearer(key), "{}");

    assertThat(first.status()).as("%s", first.json()).isEqualTo(201);
    assertThat(second.status()).as("%s", second.json()).isEqualTo(201);
    JsonNode v1 = first.json();
    assertThat(v1.get("versionNumber").asInt()).isEqualTo(1);
    assertThat(second.json().get("versionNumber").asInt()).isEqualTo(2);
    assertThat(v1.get("publishedAt").asText()).matches(INSTANT);
    assertThat(v1.get("lessonId").asText()).isEqualTo(id);
    assertThat(v1.get("title").asText()).isEqualTo("Cell Biology");
    assertThat(v1.get("slug").asText()).isEqualTo("cell-biology");
    assertThat(v1.get("content").at("/blocks/2/media").asText()).isEqualTo("media:" + media);

    String v1Id = v1.get("id").asText();
    Answer got = call("GET", "/api/lessons/" + id + "/versions/" + v1Id, dotted(key), null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json()).isEqualTo(v1);

    Answer list = call("GET", "/api/lessons/" + id + "/versions?pageSize=1", dotted(key), null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().get("versions")).hasSize(1);
    JsonNode newest = list.json().get("versions").get(0);
    assertThat(newest.get("versionNumber").asInt()).isEqualTo(2);
    assertThat(newest.has("content")).isFalse();
    String token = list.json().get("nextPageToken").asText();
    Answer next =
        call(
            "GET",
            "/api/lessons/" + id + "/versions?pageSize=1&pageToken=" + token,
            dotted(key),
            null);
    assertThat(next.json().get("versions").get(0).get("id").asText()).isEqualTo(v1Id);
    assertThat(next.json().get("nextPageToken").asText()).isEmpty();

    JsonNode lesson = call("GET", "/api/lessons/" + id, dotted(key), null).json();
    assertThat(lesson.get("latestVersionNumber").asInt()).isEqualTo(2);
    assertThat(lesson.get("latestVersionId").asText()).isEqualTo(second.json().get("id").asText());
  }

  @Test
  void getListUpdateDelete() {
    String key = server.newTenant();
    JsonNode a = create(key, "Alpha", null, null);
    JsonNode b = create(key, "Beta", "beta-custom", "{\"blocks\":[]}");
    String id = a.get("id").asText();

    Answer got = call("GET", "/api/lessons/" + id, bearer(key), null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json()).isEqualTo(a);

    Answer list = call("GET", "/api/lessons?pageSize=1", dotted(key), null);
    assertThat(list.status()).isEqualTo(200);
    JsonNode listed = list.json().get("lessons").get(0);
    assertThat(listed.get("id").asText()).isEqualTo(id);
    assertThat(listed.has("content")).isFalse();
    String token = list.json().get("nextPageToken").asText();
    JsonNode page2 =
        call("GET", "/api/lessons?pageSize=1&pageToken=" + token, dotted(key), null).json();
    assertThat(page2.get("lessons").get(0).get("slug").asText()).isEqualTo("beta-custom");
    assertThat(page2.get("nextPageToken").asText()).isEmpty();

    Answer patched =
        call(
            "PATCH",
            "/api/lessons/" + id,
            dotted(key),
            "{\"title\":\"Alpha 2\",\"content\":{\"blocks\":[{\"type\":\"callout\","
                + "\"text\":\"Mind the gap\"}]}}");
    assertThat(patched.status()).as("%s", patched.json()).isEqualTo(200);
    assertThat(patched.json().get("title").asText()).isEqualTo("Alpha 2");
    assertThat(patched.json().get("slug").asText()).isEqualTo("alpha");
    assertThat(patched.json().at("/content/blocks/0/text").asText()).isEqualTo("Mind the gap");

    Answer taken = call("PATCH", "/api/lessons/" + id, dotted(key), "{\"slug\":\"beta-custom\"}");
    assertError(
        taken, 409, "Conflict", "Another lesson already has the slug 'beta-custom'", "CONFLICT");

    Answer deleted = call("DELETE", "/api/lessons/" + id, dotted(key), null);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.response().body()).isEmpty();
    assertError(
        call("GET", "/api/lessons/" + id, dotted(key), null),
        404,
        "Not Found",
        "Lesson not found",
        "NOT_FOUND");
    assertThat(call("GET", "/api/lessons/" + b.get("id").asText(), dotted(key), null).status())
        .isEqualTo(200);
  }

  @Test
  void richText_isSanitisedWhenSaved() {
    String key = server.newTenant();
    JsonNode lesson =
        create(
            key,
            "XSS",
            null,
            "{\"blocks\":[{\"type\":\"text\",\"html\":\"<p>Hi<script>alert(1)</script>"
                + "<a href=\\\"javascript:alert(1)\\\" onclick=\\\"x()\\\">l</a></p>\"}]}");

    assertThat(lesson.at("/content/blocks/0/html").asText()).isEqualTo("<p>Hil</p>");
    String id = lesson.get("id").asText();
    JsonNode v = call("POST", "/api/lessons/" + id + "/versions", dotted(key), null).json();
    assertThat(v.toString()).doesNotContain("script", "javascript", "onclick");
  }

  @Test
  void crossTenant_isNotFound() {
    String owner = server.newTenant();
    String other = server.newTenant();
    String id = create(owner, "Mine", null, null).get("id").asText();
    String v =
        call("POST", "/api/lessons/" + id + "/versions", dotted(owner), null)
            .json()
            .get("id")
            .asText();

    for (String[] route :
        new String[][] {
          {"GET", "/api/lessons/" + id},
          {"PATCH", "/api/lessons/" + id},
          {"DELETE", "/api/lessons/" + id},
          {"POST", "/api/lessons/" + id + "/versions"},
          {"GET", "/api/lessons/" + id + "/versions"}
        }) {
      Answer a = call(route[0], route[1], dotted(other), route[0].equals("PATCH") ? "{}" : null);
      assertError(a, 404, "Not Found", "Lesson not found", "NOT_FOUND");
    }
    assertError(
        call("GET", "/api/lessons/" + id + "/versions/" + v, dotted(other), null),
        404,
        "Not Found",
        "Published version not found",
        "NOT_FOUND");
    assertThat(call("GET", "/api/lessons", dotted(other), null).json().get("lessons")).isEmpty();
  }

  @Test
  void invalidIds_areBadRequest() {
    String key = server.newTenant();
    String id = create(key, "Ids", null, null).get("id").asText();
    for (String[] route :
        new String[][] {
          {"GET", "/api/lessons/not-a-uuid"},
          {"DELETE", "/api/lessons/123"},
          {"POST", "/api/lessons/xyz/versions"},
          {"GET", "/api/lessons/xyz/versions"},
          {"GET", "/api/lessons/xyz/versions/" + UUID.randomUUID()}
        }) {
      assertError(
          call(route[0], route[1], dotted(key), null),
          400,
          "Bad Request",
          "Invalid lesson ID",
          "BAD_REQUEST");
    }
    assertError(
        call("GET", "/api/lessons/" + id + "/versions/v1", dotted(key), null),
        400,
        "Bad Request",
        "Invalid version ID",
        "BAD_REQUEST");
    assertError(
        call("GET", "/api/lessons/" + id + "/versions/" + UUID.randomUUID(), dotted(key), null),
        404,
        "Not Found",
        "Published version not found",
        "NOT_FOUND");
  }

  @Test
  void unauthenticated_isTheSeeds401() {
    String key = server.newTenant();
    String[] wrong = {
      null,
      "Bearer " + key.split(":")[0] + ".wrong-secret",
      "Bearer nodot",
      "Bearer a.b.c",
      "Token " + key
    };
    for (String authorization : wrong) {
      Answer a = call("GET", "/api/lessons", authorization, null);
      assertError(
          a, 401, "Authentication Error", "User authentication is required", "UNAUTHORIZED");
      assertThat(a.header("www-authenticate")).isEqualTo("Bearer realm=\"courseport\"");
    }
    Answer post = call("POST", "/api/lessons", null, createBody("T", null, null));
    assertError(
        post, 401, "Authentication Error", "User authentication is required", "UNAUTHORIZED");
    // Both token forms and Basic reach the same tenant.
    assertThat(call("GET", "/api/lessons", dotted(key), null).status()).isEqualTo(200);
    assertThat(call("GET", "/api/lessons", bearer(key), null).status()).isEqualTo(200);
    assertThat(call("GET", "/api/lessons", CourseportServerExtension.basic(key), null).status())
        .isEqualTo(200);
  }

  @Test
  void badContent_isA400NamingTheJsonPointer() {
    String key = server.newTenant();
    Answer a =
        call(
            "POST",
            "/api/lessons",
            dotted(key),
            createBody(
                "Bad",
                null,
                "{\"blocks\":[{\"type\":\"heading\",\"text\":\"ok\"},{\"type\":\"image\","
                    + "\"media\":\"media:"
                    + UUID.randomUUID()
                    + "\"}]}"));

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("code").asText()).isEqualTo("BAD_REQUEST");
    assertThat(a.json().get("message").asText())
        .startsWith("Invalid lesson content: /blocks/1")
        .contains("alt");
    assertThat(a.header("x-courseport-reason")).isEqualTo("INVALID_LESSON_CONTENT");

    Answer embed =
        call(
            "POST",
            "/api/lessons",
            dotted(key),
            createBody(
                "Bad",
                null,
                "{\"blocks\":[{\"type\":\"embed\",\"url\":\"https://x.example/v\"}]}"));
    assertError(
        embed,
        400,
        "Bad Request",
        "Invalid lesson content: /blocks/0/url: 'https://x.example/v' is not on an allowed embed"
            + " provider (allowed: youtube.com, youtube-nocookie.com, player.vimeo.com)",
        "BAD_REQUEST");
  }

  @Test
  void titleAndSlugErrors() {
    String key = server.newTenant();
    assertError(
        call("POST", "/api/lessons", dotted(key), createBody(" ", null, null)),
        400,
        "Bad Request",
        "The title must be 1 to 200 characters and not blank",
        "BAD_REQUEST");
    assertError(
        call("POST", "/api/lessons", dotted(key), createBody("T", "Not A Slug", null)),
        400,
        "Bad Request",
        "Invalid slug 'Not A Slug': use 1 to 100 lower-case letters, digits and single hyphens"
            + " (for example 'cell-biology')",
        "BAD_REQUEST");
    create(key, "Taken", "taken", null);
    assertError(
        call("POST", "/api/lessons", dotted(key), createBody("T", "taken", null)),
        409,
        "Conflict",
        "Another lesson already has the slug 'taken'",
        "CONFLICT");
    assertThat(create(key, "Taken", null, null).get("slug").asText()).isEqualTo("taken-2");
  }

  @Test
  void publish_withUnknownMedia_isTheSeeds422NamingTheIds() {
    String key = server.newTenant();
    String missing = UUID.randomUUID().toString();
    String otherTenants = addMedia(server.newTenant());
    String content =
        "{\"blocks\":[{\"type\":\"image\",\"media\":\"media:"
            + missing
            + "\",\"alt\":\"a\"},{\"type\":\"video\",\"media\":\"media:"
            + otherTenants
            + "\"}]}";
    String id = create(key, "Missing", null, content).get("id").asText();

    Answer a = call("POST", "/api/lessons/" + id + "/versions", dotted(key), null);

    String ids =
        java.util.stream.Stream.of(missing, otherTenants)
            .sorted()
            .map(m -> "media:" + m)
            .collect(java.util.stream.Collectors.joining(", "));
    assertError(
        a,
        422,
        "Invalid Content",
        "The draft cannot be published: unknown media " + ids,
        "INVALID_CONTENT");
    JsonNode versions =
        call("GET", "/api/lessons/" + id + "/versions", dotted(key), null).json().get("versions");
    assertThat(versions).isEmpty();
  }

  @Test
  void malformedRequests_areTheSeeds400() {
    String key = server.newTenant();
    Answer notJson = call("POST", "/api/lessons", dotted(key), "{\"title\": ");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().get("code").asText()).isEqualTo("BAD_REQUEST");
    assertThat(notJson.json().get("error").asText()).isEqualTo("Bad Request");
    assertThat(notJson.json().get("timestamp").asText()).matches(TIMESTAMP);

    Answer badPageSize = call("GET", "/api/lessons?pageSize=lots", dotted(key), null);
    assertError(
        badPageSize,
        400,
        "Bad Request",
        "Invalid value for query parameter 'pageSize': 'lots' (expected a 32-bit integer).",
        "BAD_REQUEST");
    assertError(
        call("GET", "/api/lessons?pageSize=1000", dotted(key), null),
        400,
        "Bad Request",
        "pageSize must be between 1 and 100",
        "BAD_REQUEST");
    assertError(
        call("GET", "/api/lessons?pageToken=bogus", dotted(key), null),
        400,
        "Bad Request",
        "pageToken is not one this API issued",
        "BAD_REQUEST");

    Answer unknown = call("GET", "/api/lessons/a/b/c/d/e", dotted(key), null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("code").asText()).isEqualTo("NOT_FOUND");
    assertThat(unknown.json().get("error").asText()).isEqualTo("Not Found");

    Answer method = call("PUT", "/api/lessons", dotted(key), "{}");
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.json().get("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
  }
}
