package org.courseport.server.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.courseport.server.domain.launch.DefaultLaunchTokens;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchMode;
import org.courseport.server.domain.launch.LaunchSession;
import org.courseport.server.domain.launch.TokenResolution;
import org.courseport.server.domain.settings.SettingIds;
import org.courseport.server.domain.settings.SettingScope;
import org.courseport.server.domain.xapi.StoredStatement;
import org.courseport.server.player.LaunchPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The launch routes through the real REST front on a free port, each in its dialect: SCORM Cloud's
 * preview and xAPI statement routes ({@code {"message"}} errors), the Allure launch and session
 * routes (snake_case, {@code {"error","code","message"}} errors), LearningStudio's sharing route
 * ({@code {"message","code"}} errors) and the public share page {@code /go/{id}}.
 */
class LaunchRestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BLOB = "cd".repeat(32);
  private static LaunchHarness h;
  private static String key;
  private static String otherKey;

  @BeforeAll
  static void start() throws Exception {
    h = new LaunchHarness();
    key = h.addTenant("rest-a");
    otherKey = h.addTenant("rest-b");
    h.addCourse("rest-a", "golf", "Golf & <Friends>", 2, BLOB);
    h.addCourse("rest-a", "authored", "Authored", 1, null);
    h.addCourse("rest-a", "cmi5", "cmi5 course", 1, BLOB);
    h.plans.byCourse.put("cmi5", LaunchPlan.unsupported("cmi5 course", "cmi5 needs an LRS"));
    h.addCourse("rest-b", "theirs", "Theirs", 1, BLOB);
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static JsonNode json(LaunchHarness.Response r) throws Exception {
    return JSON.readTree(r.body());
  }

  private static LaunchGrant grantOf(String url) {
    String token = url.substring((LaunchHarness.CONTENT_BASE + "/launch/").length());
    TokenResolution r = h.tokens.open(token);
    assertThat(r).isInstanceOf(TokenResolution.Valid.class);
    return ((TokenResolution.Valid) r).grant();
  }

  private static Instant expiryOf(String url) {
    String token = url.substring((LaunchHarness.CONTENT_BASE + "/launch/").length());
    return h.tokenStore.find(DefaultLaunchTokens.hash(token)).orElseThrow().grant().expiresAt();
  }

  private static void assertScormCloudError(LaunchHarness.Response r, int status, String text)
      throws Exception {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    JsonNode body = json(r);
    assertThat(body.size()).as(r.text()).isEqualTo(1);
    assertThat(body.get("message").asText()).contains(text);
  }

  @Test
  void previewRoutesAnswerLaunchLinkSchema() throws Exception {
    Instant now = h.clock.instant();
    var r = h.send("POST", "/api/v2/courses/golf/preview", key, "{}");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.size()).isEqualTo(1);
    String url = body.get("launchLink").asText();
    assertThat(url).matches("https://content\\.example\\.test/launch/[A-Za-z0-9_-]{43}");
    LaunchGrant grant = grantOf(url);
    assertThat(grant.mode()).isEqualTo(LaunchMode.PREVIEW);
    assertThat(grant.version()).isEqualTo(1);
    assertThat(expiryOf(url)).isEqualTo(now.plusSeconds(120));

    var versioned =
        h.send(
            "POST",
            "/api/v2/courses/golf/versions/0/preview",
            key,
            "{\"expiry\":300,\"redirectOnExitUrl\":\"closer\",\"startSco\":\"sco_1\","
                + "\"culture\":\"de-DE\",\"cssUrl\":\"https://cdn.example.com/a.css\","
                + "\"additionalvalues\":[{\"item\":\"a\",\"value\":\"b\"}]}");
    assertThat(versioned.status()).as(versioned.text()).isEqualTo(200);
    String vurl = json(versioned).get("launchLink").asText();
    LaunchGrant vgrant = grantOf(vurl);
    assertThat(vgrant.version()).isZero();
    assertThat(vgrant.options().redirectOnExitUrl()).isEqualTo("closer");
    assertThat(vgrant.options().startSco()).isEqualTo("sco_1");
    assertThat(vgrant.options().culture()).isEqualTo("de-DE");
    assertThat(expiryOf(vurl)).isEqualTo(now.plusSeconds(300));

    // The setting's default changes what an empty request gets.
    h.settings.set(
        SettingScope.application("rest-a"), Map.of(SettingIds.PREVIEW_EXPIRY_SECONDS, "200"));
    try {
      String dflt =
          json(h.send("POST", "/api/v2/courses/golf/preview", key, "{}"))
              .get("launchLink")
              .asText();
      assertThat(expiryOf(dflt)).isEqualTo(now.plusSeconds(200));
    } finally {
      h.settings.clear(SettingScope.application("rest-a"), SettingIds.PREVIEW_EXPIRY_SECONDS);
    }

    // A cmi5 course still gets a link (the content origin explains it cannot be played).
    assertThat(h.send("POST", "/api/v2/courses/cmi5/preview", key, "{}").status()).isEqualTo(200);
  }

  @Test
  void previewErrorsAreScormCloudErrors() throws Exception {
    assertScormCloudError(
        h.send("POST", "/api/v2/courses/golf/preview", key, "{\"expiry\":5}"),
        400,
        "between 10 and 300");
    assertScormCloudError(
        h.send("POST", "/api/v2/courses/golf/preview", key, "{\"expiry\":301}"),
        400,
        "between 10 and 300");
    assertScormCloudError(
        h.send("POST", "/api/v2/courses/golf/preview", key, "{\"redirectOnExitUrl\":\"home\"}"),
        400,
        "redirectOnExitUrl");
    assertScormCloudError(
        h.send("POST", "/api/v2/courses/golf/preview", key, "{\"startSco\":\"missing\"}"),
        400,
        "startSco 'missing'");
    assertScormCloudError(h.send("POST", "/api/v2/courses/nope/preview", key, "{}"), 404, "nope");
    assertScormCloudError(
        h.send("POST", "/api/v2/courses/theirs/preview", key, "{}"), 404, "theirs");
    assertScormCloudError(
        h.send("POST", "/api/v2/courses/golf/versions/9/preview", key, "{}"), 404, "9");
    var noPackage = h.send("POST", "/api/v2/courses/authored/preview", key, "{}");
    assertThat(noPackage.status()).as(noPackage.text()).isIn(400, 409);
    assertThat(json(noPackage).get("message").asText()).contains("no package");
    assertThat(h.send("POST", "/api/v2/courses/golf/preview", null, "{}").status()).isEqualTo(401);
  }

  @Test
  void allureLaunchAndSessionRoutes() throws Exception {
    Instant now = h.clock.instant();
    var r =
        h.send(
            "POST",
            "/api/v1/packages/golf/launch",
            key,
            "{\"user_id\":\"learner-7\",\"session_id\":\"reg-7\",\"user_name\":\"Grace\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("launch_url").asText())
        .matches("https://content\\.example\\.test/launch/[A-Za-z0-9_-]{43}");
    assertThat(body.get("session_id").asText()).isEqualTo("reg-7");
    assertThat(body.get("package_id").asText()).isEqualTo("golf");
    assertThat(body.get("revision").asInt()).isEqualTo(2);
    assertThat(Instant.parse(body.get("expires_at").asText())).isEqualTo(now.plusSeconds(3600));
    assertThat(body.get("expires_in").asInt()).isEqualTo(3600);
    assertThat(body.get("resumed").asBoolean(true)).isFalse();
    LaunchGrant grant = grantOf(body.get("launch_url").asText());
    assertThat(grant.mode()).isEqualTo(LaunchMode.TRACKED);
    assertThat(grant.userId()).isEqualTo("learner-7");
    assertThat(grant.options().learnerName()).isEqualTo("Grace");

    var again =
        h.send(
            "POST",
            "/api/v1/packages/golf/launch",
            key,
            "{\"user_id\":\"learner-7\",\"session_id\":\"reg-7\"}");
    assertThat(json(again).get("resumed").asBoolean()).isTrue();

    var missing = h.send("POST", "/api/v1/packages/golf/launch", key, "{\"session_id\":\"reg-8\"}");
    assertThat(missing.status()).isEqualTo(400);
    JsonNode err = json(missing);
    assertThat(err.get("error").asText()).isEqualTo("Bad Request");
    assertThat(err.get("code").asText()).isEqualTo("FIELD_REQUIRED");
    assertThat(err.get("message").asText()).contains("user_id");
    var tooLong =
        h.send(
            "POST",
            "/api/v1/packages/golf/launch",
            key,
            "{\"user_id\":\"u\",\"session_id\":\"" + "x".repeat(256) + "\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(json(tooLong).get("code").asText()).isEqualTo("FIELD_TOO_LONG");
    assertThat(json(tooLong).get("message").asText()).contains("session_id");
    var foreign =
        h.send(
            "POST",
            "/api/v1/packages/golf/launch",
            key,
            "{\"user_id\":\"u\",\"session_id\":\"s\",\"tenant_id\":\"00000000-0000-0000-0000-000000000000\"}");
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(json(foreign).get("code").asText()).isEqualTo("TENANT_MISMATCH");
    var conflict =
        h.send(
            "POST",
            "/api/v1/packages/golf/launch",
            key,
            "{\"user_id\":\"someone-else\",\"session_id\":\"reg-7\"}");
    assertThat(conflict.status()).isEqualTo(400);
    assertThat(json(conflict).get("code").asText()).isEqualTo("SESSION_CONFLICT");
    var theirs =
        h.send(
            "POST",
            "/api/v1/packages/theirs/launch",
            key,
            "{\"user_id\":\"u\",\"session_id\":\"s\"}");
    assertThat(theirs.status()).isEqualTo(404);
    assertThat(json(theirs).get("error").asText()).isEqualTo("Not Found");

    // Progress read back.
    h.sessions.put(
        new LaunchSession(
            "rest-a",
            "golf",
            1,
            "reg-7",
            "reg-7",
            "learner-7",
            "scorm12",
            "incomplete",
            "unknown",
            null,
            42.5,
            "slide-3",
            "sco_1",
            Duration.ofMinutes(12).plusSeconds(5),
            Map.of(),
            2,
            4,
            Instant.parse("2026-12-01T00:00:00Z"),
            Instant.parse("2026-12-01T00:12:05Z")));
    var progress = h.send("GET", "/api/v1/packages/golf/sessions/reg-7", key, null);
    assertThat(progress.status()).as(progress.text()).isEqualTo(200);
    JsonNode p = json(progress);
    assertThat(p.get("session_id").asText()).isEqualTo("reg-7");
    assertThat(p.get("user_id").asText()).isEqualTo("learner-7");
    assertThat(p.get("completion_status").asText()).isEqualTo("incomplete");
    assertThat(p.get("success_status").asText()).isEqualTo("unknown");
    assertThat(p.get("score").asDouble()).isEqualTo(42.5);
    assertThat(p.get("location").asText()).isEqualTo("slide-3");
    assertThat(p.get("total_time").asText()).isEqualTo("PT12M5S");
    assertThat(p.get("updated_at").asText()).isEqualTo("2026-12-01T00:12:05Z");
    assertThat(p.get("launch_count").asInt()).isEqualTo(2);

    var unknown = h.send("GET", "/api/v1/packages/golf/sessions/nope", key, null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(json(unknown).get("code").asText()).isEqualTo("SESSION_NOT_FOUND");
    var otherTenant = h.send("GET", "/api/v1/packages/golf/sessions/reg-7", otherKey, null);
    assertThat(otherTenant.status()).isEqualTo(404);

    // includeRegistrationCount counts the sessions.
    var course = h.send("GET", "/api/v2/courses/golf?includeRegistrationCount=true", key, null);
    assertThat(course.status()).as(course.text()).isEqualTo(200);
    assertThat(json(course).get("registrationCount").asInt()).isEqualTo(1);
    var list = h.send("GET", "/api/v2/courses?includeRegistrationCount=true", key, null);
    JsonNode golf = null;
    for (JsonNode c : json(list).get("courses")) {
      if (c.get("id").asText().equals("golf")) {
        golf = c;
      }
    }
    assertThat(golf).isNotNull();
    assertThat(golf.get("registrationCount").asInt()).isEqualTo(1);
  }

  @Test
  void statementRoutesPageWithMore() throws Exception {
    h.addCourse("rest-a", "stm", "Statements", 1, BLOB);
    for (int i = 1; i <= 4; i++) {
      String id = "00000000-0000-4000-8000-00000000000" + i;
      Instant stored = Instant.parse("2026-12-03T00:00:00Z").plusSeconds(i);
      h.statements.insertAll(
          List.of(
              new StoredStatement(
                  id,
                  "rest-a",
                  "stm",
                  0,
                  i == 2 ? "zoe" : "yan",
                  "reg",
                  stored,
                  "{\"id\":\""
                      + id
                      + "\",\"actor\":{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"https://c.example\",\"name\":\"yan\"}},"
                      + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/initialized\",\"display\":{\"en-US\":\"initialized\"}},"
                      + "\"object\":{\"objectType\":\"Activity\",\"id\":\"urn:x:stm\"},"
                      + "\"timestamp\":\""
                      + stored
                      + "\",\"stored\":\""
                      + stored
                      + "\"}")));
    }
    var first = h.send("GET", "/api/v2/courses/stm/xAPIStatements", key, null);
    assertThat(first.status()).as(first.text()).isEqualTo(200);
    JsonNode page = json(first);
    assertThat(page.get("statements")).hasSize(3);
    JsonNode s = page.get("statements").get(0);
    assertThat(s.get("objectActivity").get("id").asText()).isEqualTo("urn:x:stm");
    assertThat(s.has("object")).isFalse();
    assertThat(s.get("verb").get("display").get("en-US").asText()).isEqualTo("initialized");
    String more = page.get("more").asText();
    var second = h.send("GET", "/api/v2/courses/stm/xAPIStatements?more=" + more, key, null);
    assertThat(json(second).get("statements")).hasSize(1);
    assertThat(json(second).has("more")).isFalse();

    var zoe =
        h.send(
            "GET",
            "/api/v2/courses/stm/versions/0/xAPIStatements?learnerId=zoe&since=2026-12-03T00:00:00Z",
            key,
            null);
    assertThat(zoe.status()).as(zoe.text()).isEqualTo(200);
    assertThat(json(zoe).get("statements")).hasSize(1);
    assertScormCloudError(
        h.send("GET", "/api/v2/courses/stm/xAPIStatements?more=bogus", key, null), 400, "more");
    assertScormCloudError(
        h.send("GET", "/api/v2/courses/stm/xAPIStatements?since=yesterday", key, null),
        400,
        "since");
    assertScormCloudError(
        h.send("GET", "/api/v2/courses/stm/xAPIStatements", otherKey, null), 404, "stm");
  }

  @Test
  void sharingRouteAndTheSharePage() throws Exception {
    h.addCourse("rest-a", "share-me", "Share <me> & \"you\"", 1, BLOB);
    var before = h.send("GET", "/go/share-me", null, null);
    assertThat(before.status()).isEqualTo(404);
    assertThat(before.header("content-type")).startsWith("text/html");

    var on = h.send("PUT", "/api/v1/courses/share-me/sharing", key, "{\"enabled\":true}");
    assertThat(on.status()).as(on.text()).isEqualTo(200);
    JsonNode body = json(on);
    assertThat(body.get("courseId").asText()).isEqualTo("share-me");
    assertThat(body.get("enabled").asBoolean()).isTrue();
    assertThat(body.get("shareUrl").asText()).isEqualTo(h.base() + "/go/share-me");

    var page = h.send("GET", "/go/share-me", null, null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("content-type")).startsWith("text/html");
    String html = page.text();
    assertThat(html)
        .contains("<h1>Share &lt;me&gt; &amp; &quot;you&quot;</h1>")
        .contains("About Share &lt;me&gt; &amp; &quot;you&quot;")
        .doesNotContain("<me>");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("<iframe id=\"preview\"[^>]* src=\"([^\"]+)\"")
            .matcher(html);
    assertThat(m.find()).as(html).isTrue();
    String src = m.group(1);
    assertThat(src).matches("https://content\\.example\\.test/launch/[A-Za-z0-9_-]{43}");
    assertThat(grantOf(src).mode()).isEqualTo(LaunchMode.PREVIEW);
    assertThat(page.header("content-security-policy"))
        .isEqualTo("default-src 'none'; frame-src https://content.example.test");

    // A course that cannot be previewed says why.
    h.send("PUT", "/api/v1/courses/cmi5/sharing", key, "{\"enabled\":true}");
    var cmi5 = h.send("GET", "/go/cmi5", null, null);
    assertThat(cmi5.status()).isEqualTo(200);
    assertThat(cmi5.text()).contains("cmi5 needs an LRS").doesNotContain("<iframe");
    assertThat(cmi5.header("content-security-policy")).isEqualTo("default-src 'none'");

    // Another tenant cannot take the id: 409 in LearningStudio's shape.
    h.addCourse("rest-b", "share-me", "Mine", 1, BLOB);
    var taken = h.send("PUT", "/api/v1/courses/share-me/sharing", otherKey, "{\"enabled\":true}");
    assertThat(taken.status()).as(taken.text()).isEqualTo(409);
    JsonNode err = json(taken);
    assertThat(err.size()).isEqualTo(2);
    assertThat(err.get("code").asText()).isEqualTo("CONFLICT");
    assertThat(err.get("message").asText()).contains("share-me");
    assertThat(taken.header("x-courseport-reason")).isEqualTo("SHARE_ID_TAKEN");

    var unknown = h.send("PUT", "/api/v1/courses/nope/sharing", key, "{\"enabled\":true}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(json(unknown).get("code").asText()).isEqualTo("NOT_FOUND");
    assertThat(
            h.send("PUT", "/api/v1/courses/share-me/sharing", null, "{\"enabled\":true}").status())
        .isEqualTo(401);

    var off = h.send("PUT", "/api/v1/courses/share-me/sharing", key, "{\"enabled\":false}");
    assertThat(off.status()).isEqualTo(200);
    assertThat(json(off).get("enabled").asBoolean(true)).isFalse();
    assertThat(h.send("GET", "/go/share-me", null, null).status()).isEqualTo(404);
  }
}
