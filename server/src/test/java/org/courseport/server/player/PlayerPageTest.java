package org.courseport.server.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchMode;
import org.courseport.server.domain.launch.LaunchOptions;
import org.courseport.server.domain.launch.ResumeData;
import org.junit.jupiter.api.Test;

class PlayerPageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NONCE = "n0nce-AbC123xyz";

  private static PlanItem sco(String id, String title, int depth, String href) {
    return new PlanItem(id, title, depth, href, true, true, null, null, null, null, null, null);
  }

  private static LaunchPlan plan12(String title) {
    return new LaunchPlan(
        "scorm12",
        title,
        List.of(
            new PlanItem("m1", "Module", 0, null, false, true, null, null, null, null, null, null),
            new PlanItem(
                "i1",
                "Intro",
                1,
                "intro/index.html?a=1",
                true,
                true,
                "launch-data",
                "80",
                "00:30:00",
                "exit,message",
                null,
                null),
            sco("i2", "Quiz", 1, "quiz.html")),
        null,
        true,
        true,
        null);
  }

  private static LaunchGrant tracked(LaunchOptions options) {
    return new LaunchGrant(
        "t1", "c1", 2, LaunchMode.TRACKED, "sess-1", "user-7", options, Instant.now());
  }

  private static LaunchGrant preview(LaunchOptions options) {
    return new LaunchGrant("t1", "c1", 2, LaunchMode.PREVIEW, null, null, options, Instant.now());
  }

  private static String launchScript(String html) {
    Matcher m =
        Pattern.compile(
                "<script id=\"cp-launch\" type=\"application/json\" nonce=\""
                    + NONCE
                    + "\">(.*?)</script>",
                Pattern.DOTALL)
            .matcher(html);
    assertThat(m.find()).as("the launch data script is in the page").isTrue();
    return m.group(1);
  }

  private static JsonNode launchData(String html) throws Exception {
    return JSON.readTree(launchScript(html));
  }

  @Test
  void trackedLaunchDataFollowsTheContract() throws Exception {
    ResumeData resume =
        new ResumeData(
            "i2",
            Map.of("i2", "{\"core\":{\"lesson_location\":\"p3\"},\"suspend_data\":\"abc\"}"),
            Map.of("i2", "resume"));
    LaunchOptions options =
        new LaunchOptions(null, null, "de-DE", null, "FRAMESET", 30, true, "Ada Lovelace");
    String html =
        PlayerPage.render(
            new PlayerPageModel(tracked(options), plan12("Golf"), "/s/tok123", resume, NONCE));

    JsonNode data = launchData(html);
    assertThat(data.path("standard").asText()).isEqualTo("scorm12");
    assertThat(data.path("mode").asText()).isEqualTo("tracked");
    assertThat(data.path("title").asText()).isEqualTo("Golf");
    assertThat(data.path("contentBase").asText()).isEqualTo("/s/tok123/c/");
    assertThat(data.path("commitUrl").asText()).isEqualTo("/s/tok123/commit");
    assertThat(data.path("exitUrl").asText()).isEqualTo("/s/tok123/exit");
    assertThat(data.path("items")).hasSize(3);
    JsonNode aggregation = data.path("items").get(0);
    assertThat(aggregation.path("href").isNull()).isTrue();
    assertThat(aggregation.path("sco").asBoolean()).isFalse();
    JsonNode intro = data.path("items").get(1);
    assertThat(intro.path("id").asText()).isEqualTo("i1");
    assertThat(intro.path("depth").asInt()).isEqualTo(1);
    assertThat(intro.path("href").asText()).isEqualTo("intro/index.html?a=1");
    assertThat(intro.path("dataFromLms").asText()).isEqualTo("launch-data");
    assertThat(intro.path("masteryScore").asText()).isEqualTo("80");
    assertThat(intro.path("maxTimeAllowed").asText()).isEqualTo("00:30:00");
    assertThat(intro.path("timeLimitAction").asText()).isEqualTo("exit,message");
    assertThat(intro.path("completionThreshold").isNull()).isTrue();
    assertThat(data.path("choice").asBoolean()).isTrue();
    assertThat(data.path("flow").asBoolean()).isTrue();
    assertThat(data.path("sequencing").isNull()).isTrue();
    assertThat(data.path("startItemId").asText()).isEqualTo("i2");
    assertThat(data.path("resume").path("lastItemId").asText()).isEqualTo("i2");
    JsonNode storedCmi = data.path("resume").path("cmi").path("i2");
    assertThat(storedCmi.isObject()).as("stored CMI becomes a JSON object").isTrue();
    assertThat(storedCmi.path("core").path("lesson_location").asText()).isEqualTo("p3");
    assertThat(storedCmi.path("suspend_data").asText()).isEqualTo("abc");
    assertThat(data.path("resume").path("entry").path("i2").asText()).isEqualTo("resume");
    assertThat(data.path("learner").path("id").asText()).isEqualTo("user-7");
    assertThat(data.path("learner").path("name").asText()).isEqualTo("Ada Lovelace");
    assertThat(data.path("settings").path("launchType").asText()).isEqualTo("FRAMESET");
    assertThat(data.path("settings").path("autoCommitSeconds").asInt()).isEqualTo(30);
    assertThat(data.path("settings").path("masteryOverride").asBoolean()).isTrue();
    assertThat(data.path("culture").asText()).isEqualTo("de-DE");
    assertThat(data.path("cssUrl").isNull()).isTrue();
    assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"de-DE\">");
  }

  @Test
  void previewHasNoCommitUrlAndAPreviewLearner() throws Exception {
    String html =
        PlayerPage.render(
            new PlayerPageModel(
                preview(LaunchOptions.DEFAULTS), plan12("P"), "/s/abc/", ResumeData.NONE, NONCE));
    JsonNode data = launchData(html);
    assertThat(data.path("mode").asText()).isEqualTo("preview");
    assertThat(data.has("commitUrl")).isTrue();
    assertThat(data.path("commitUrl").isNull()).isTrue();
    assertThat(data.path("contentBase").asText()).isEqualTo("/s/abc/c/");
    assertThat(data.path("startItemId").isNull()).isTrue();
    assertThat(data.path("learner").path("id").asText()).isEqualTo("preview");
    assertThat(data.path("learner").path("name").asText()).isEqualTo("Preview");
    assertThat(data.path("resume").path("cmi").size()).isZero();
    assertThat(data.path("culture").asText()).isEqualTo("en");
    assertThat(html).contains("<html lang=\"en\">");
  }

  @Test
  void startScoWinsOverTheResumedItem() throws Exception {
    LaunchOptions options = new LaunchOptions(null, "i1", null, null, null, 0, false, null);
    ResumeData resume = new ResumeData("i2", Map.of(), Map.of());
    JsonNode data =
        launchData(
            PlayerPage.render(
                new PlayerPageModel(tracked(options), plan12("T"), "/s/x", resume, NONCE)));
    assertThat(data.path("startItemId").asText()).isEqualTo("i1");
    assertThat(data.path("learner").path("name").asText())
        .as("without a learner name the user id is shown")
        .isEqualTo("user-7");
    assertThat(data.path("settings").path("launchType").asText()).isEqualTo("FRAMESET");
  }

  @Test
  void hostileTextCannotBreakOutOfTheScriptOrTheMarkup() throws Exception {
    String evil = "</script><script>alert(1)</script> & <!-- \u2028\u2029 \"q\" 'a'";
    LaunchPlan plan =
        new LaunchPlan(
            "scorm2004",
            evil,
            List.of(sco("x\"><b>", evil, 0, "a.html?x=</script>")),
            "{\"activityTree\":{\"id\":\"org\",\"title\":\"</script>\"}}",
            false,
            true,
            null);
    LaunchOptions options =
        new LaunchOptions(null, null, null, null, "FRAMESET", 0, false, "</script>&");
    ResumeData resume = new ResumeData(null, Map.of("x\"><b>", "{\"s\":\"</script>\"}"), Map.of());
    String html =
        PlayerPage.render(new PlayerPageModel(tracked(options), plan, "/s/t", resume, NONCE));

    String script = launchScript(html);
    assertThat(script).doesNotContain("<").doesNotContain(">").doesNotContain("&");
    assertThat(script).doesNotContain("\u2028").doesNotContain("\u2029");
    assertThat(script).contains("\\u003c/script\\u003e");
    JsonNode data = JSON.readTree(script);
    assertThat(data.path("title").asText()).isEqualTo(evil);
    assertThat(data.path("items").get(0).path("id").asText()).isEqualTo("x\"><b>");
    assertThat(data.path("items").get(0).path("href").asText()).isEqualTo("a.html?x=</script>");
    assertThat(data.path("sequencing").path("activityTree").path("title").asText())
        .isEqualTo("</script>");
    assertThat(data.path("resume").path("cmi").path("x\"><b>").path("s").asText())
        .isEqualTo("</script>");
    assertThat(data.path("learner").path("name").asText()).isEqualTo("</script>&");
    assertThat(data.path("choice").asBoolean()).isFalse();
    assertThat(data.path("standard").asText()).isEqualTo("scorm2004");

    // Exactly the three script elements of the page; the title is escaped text.
    assertThat(Pattern.compile("<script").matcher(html).results().count()).isEqualTo(3);
    assertThat(html)
        .contains(
            "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!-- \u2028\u2029"
                + " &quot;q&quot; &#39;a&#39;</title>");
    assertThat(html).contains("scorm-again/scorm2004.min.js");
    assertThat(html).doesNotContain("scorm12.min.js");
  }

  @Test
  void theDomHasTheContractIdsAndTheNoncedAssets() {
    String html =
        PlayerPage.render(
            new PlayerPageModel(
                tracked(LaunchOptions.DEFAULTS), plan12("T"), "/s/t", ResumeData.NONE, NONCE));
    assertThat(html)
        .contains("<ul id=\"cp-toc\">")
        .contains("<button type=\"button\" id=\"cp-prev\" disabled>")
        .contains("<button type=\"button\" id=\"cp-next\" disabled>")
        .contains("<button type=\"button\" id=\"cp-exit\">")
        .contains("<iframe id=\"cp-frame\" name=\"cp-frame\"")
        .contains("id=\"cp-status\"")
        .contains("<link rel=\"stylesheet\" href=\"/player/assets/player.css\">")
        .contains(
            "<script nonce=\""
                + NONCE
                + "\" src=\"/player/assets/scorm-again/scorm12.min.js\"></script>")
        .contains("<script nonce=\"" + NONCE + "\" src=\"/player/assets/player.js\"></script>");
    assertThat(html).contains("<div id=\"cp-window-note\" class=\"cp-note\" hidden>");
    assertThat(html).doesNotContain("style=");
  }

  @Test
  void newWindowLaunchShowsTheNoteAndHidesTheFrame() throws Exception {
    LaunchOptions options = new LaunchOptions(null, null, null, null, "NEW_WINDOW", 0, false, null);
    String html =
        PlayerPage.render(
            new PlayerPageModel(tracked(options), plan12("T"), "/s/t", ResumeData.NONE, NONCE));
    assertThat(launchData(html).path("settings").path("launchType").asText())
        .isEqualTo("NEW_WINDOW");
    assertThat(html).contains("<div id=\"cp-window-note\" class=\"cp-note\">");
    assertThat(html).contains("src=\"about:blank\" hidden");
  }

  @Test
  void onlyHttpsStyleSheetsAreLinked() throws Exception {
    String https = "https://cdn.example.com/skin.css?v=1&x=2";
    String html =
        PlayerPage.render(
            new PlayerPageModel(
                preview(new LaunchOptions(null, null, "fr_CA", https, null, 0, false, null)),
                plan12("T"),
                "/s/t",
                ResumeData.NONE,
                NONCE));
    assertThat(html)
        .contains(
            "<link rel=\"stylesheet\" href=\"https://cdn.example.com/skin.css?v=1&amp;x=2\">");
    assertThat(launchData(html).path("cssUrl").asText()).isEqualTo(https);
    assertThat(html).contains("<html lang=\"fr-CA\">");

    for (String bad :
        List.of(
            "http://cdn.example.com/skin.css",
            "javascript:alert(1)",
            "//cdn.example.com/a.css",
            "https://user:pw@cdn.example.com/a.css",
            "data:text/css,body{}",
            "not a url")) {
      String page =
          PlayerPage.render(
              new PlayerPageModel(
                  preview(new LaunchOptions(null, null, "\"><x", bad, null, 0, false, null)),
                  plan12("T"),
                  "/s/t",
                  ResumeData.NONE,
                  NONCE));
      assertThat(page).as(bad).doesNotContain("cdn.example.com").doesNotContain("alert");
      assertThat(Pattern.compile("rel=\"stylesheet\"").matcher(page).results().count())
          .as(bad)
          .isEqualTo(1);
      assertThat(launchData(page).path("cssUrl").isNull()).as(bad).isTrue();
      assertThat(page).as("an invalid culture falls back to en").contains("<html lang=\"en\">");
    }
  }

  @Test
  void thePlayersOwnTextsFollowTheCultureAndFallBackToEnglish() {
    String german =
        PlayerPage.render(
            new PlayerPageModel(
                preview(new LaunchOptions(null, null, "de-CH", null, null, 0, false, null)),
                plan12("T"),
                "/s/t",
                ResumeData.NONE,
                NONCE));
    assertThat(german)
        .contains("<html lang=\"de-CH\">")
        .contains("id=\"cp-prev\" disabled>Zurück</button>")
        .contains("id=\"cp-next\" disabled>Weiter</button>")
        .contains("id=\"cp-exit\">Beenden</button>")
        .contains("aria-label=\"Inhalt\"");
    String unknown =
        PlayerPage.render(
            new PlayerPageModel(
                preview(new LaunchOptions(null, null, "tlh-KX", null, null, 0, false, null)),
                plan12("T"),
                "/s/t",
                ResumeData.NONE,
                NONCE));
    assertThat(unknown)
        .contains("<html lang=\"tlh-KX\">")
        .contains("id=\"cp-next\" disabled>Next</button>")
        .contains("aria-label=\"Contents\"");
  }

  @Test
  void unparsableStoredCmiIsLeftOut() throws Exception {
    ResumeData resume =
        new ResumeData(
            "i1", Map.of("i1", "{not json", "i2", "{\"suspend_data\":\"ok\"}"), Map.of());
    JsonNode data =
        launchData(
            PlayerPage.render(
                new PlayerPageModel(
                    tracked(LaunchOptions.DEFAULTS), plan12("T"), "/s/t", resume, NONCE)));
    assertThat(data.path("resume").path("cmi").has("i1")).isFalse();
    assertThat(data.path("resume").path("cmi").path("i2").path("suspend_data").asText())
        .isEqualTo("ok");
  }

  @Test
  void refusesUnsupportedPlansAndBadNonces() {
    assertThatThrownBy(
            () ->
                PlayerPage.render(
                    new PlayerPageModel(
                        preview(null),
                        LaunchPlan.unsupported("C", "cmi5 courses cannot be previewed"),
                        "/s/t",
                        ResumeData.NONE,
                        NONCE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cmi5 courses cannot be previewed");
    assertThatThrownBy(
            () ->
                PlayerPage.render(
                    new PlayerPageModel(
                        preview(null), plan12("T"), "/s/t", ResumeData.NONE, "\"><script>")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nonce");
  }
}
