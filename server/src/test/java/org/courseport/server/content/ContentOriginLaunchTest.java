package org.courseport.server.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.content.ContentOriginFixture.Entry.deflated;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchOptions;
import org.courseport.server.domain.launch.ResumeData;
import org.courseport.server.player.LaunchPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launch links, the player page and exits on the content origin, through the real server. */
class ContentOriginLaunchTest {
  @TempDir static Path dir;

  static ContentOriginFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = new ContentOriginFixture(dir);
    f.store(
        "golf",
        ContentOriginFixture.zip(
            deflated("imsmanifest.xml", "<manifest/>"), deflated("index.html", "<p>golf</p>")));
    f.store("cmi5", ContentOriginFixture.zip(deflated("cmi5.xml", "<courseStructure/>")));
    f.plans.put(
        "cmi5",
        LaunchPlan.unsupported(
            "Course cmi5", "cmi5 courses cannot be previewed: they need an LRS <yet>"));
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static String body(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static LaunchOptions exitTo(String redirectOnExitUrl) {
    return new LaunchOptions(redirectOnExitUrl, null, null, null, "FRAMESET", 0, false, null);
  }

  @Test
  void link_opens_303ToThePlayer_whosePageHasANonceCsp() {
    String link = f.tokens.issueLink(f.preview("golf", null, Duration.ofSeconds(120)));
    HttpResponse<byte[]> r = f.get("/launch/" + link);
    assertThat(r.statusCode()).isEqualTo(303);
    String location = r.headers().firstValue("location").orElseThrow();
    assertThat(location).matches("/s/[A-Za-z0-9_-]{43}/");
    assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
    assertThat(r.headers().firstValue("referrer-policy")).hasValue("no-referrer");

    HttpResponse<byte[]> page = f.get(location);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
    assertThat(page.headers().firstValue("cache-control")).hasValue("no-store");
    String html = body(page);
    assertThat(html)
        .contains("data-base=\"" + location.substring(0, location.length() - 1) + "\"")
        .contains("data-mode=\"PREVIEW\"")
        .contains("data-resume=\"null\"");
    Matcher nonce = Pattern.compile("nonce=\"([^\"]+)\"").matcher(html);
    assertThat(nonce.find()).isTrue();
    String csp = page.headers().firstValue("content-security-policy").orElseThrow();
    assertThat(csp)
        .isEqualTo(
            "default-src 'self'; script-src 'self' 'nonce-"
                + nonce.group(1)
                + "'; style-src 'self' 'unsafe-inline' https:; frame-src 'self'; "
                + "connect-src 'self'; img-src 'self' data:; frame-ancestors *");
    assertThat(page.headers().map().keySet())
        .noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
    // Each page load gets a fresh nonce.
    assertThat(f.get(location).headers().firstValue("content-security-policy"))
        .isNotEqualTo(java.util.Optional.of(csp));
    // A link works as a plain GET more than once until it expires.
    assertThat(f.get("/launch/" + link).statusCode()).isEqualTo(303);
  }

  @Test
  void expiredLink_is410Page_andUnknownOrTampered404Page() {
    String link = f.tokens.issueLink(f.preview("golf", null, Duration.ofSeconds(10)));
    f.clock.advance(Duration.ofSeconds(11));
    HttpResponse<byte[]> expired;
    try {
      expired = f.get("/launch/" + link);
    } finally {
      f.clock.advance(Duration.ofSeconds(-11));
    }
    assertThat(expired.statusCode()).isEqualTo(410);
    assertThat(expired.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
    assertThat(body(expired)).contains("This launch link has expired");
    assertThat(expired.headers().firstValue("cache-control")).hasValue("no-store");
    assertThat(expired.headers().firstValue("referrer-policy")).hasValue("no-referrer");

    String tampered = (link.charAt(0) == 'A' ? "B" : "A") + link.substring(1);
    HttpResponse<byte[]> unknown = f.get("/launch/" + tampered);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(body(unknown)).contains("This launch link is not valid");
    assertThat(f.get("/launch/%3Cscript%3E").statusCode()).isEqualTo(404);
  }

  @Test
  void unsupportedCourse_is422PageWithTheReasonEscaped() {
    String link = f.tokens.issueLink(f.preview("cmi5", null, Duration.ofSeconds(60)));
    HttpResponse<byte[]> r = f.get("/launch/" + link);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(body(r))
        .contains("cmi5 courses cannot be previewed: they need an LRS &lt;yet&gt;")
        .doesNotContain("<yet>");
  }

  @Test
  void deletedCourse_linkIs404() {
    f.store("gone", ContentOriginFixture.zip(deflated("index.html", "x")));
    String link = f.tokens.issueLink(f.preview("gone", null, Duration.ofSeconds(60)));
    f.versions.remove("gone");
    assertThat(f.get("/launch/" + link).statusCode()).isEqualTo(404);
  }

  @Test
  void player_withoutSlash_is301_expiredSessionIs410() {
    String d = f.deliver(f.preview("golf", null, Duration.ofMinutes(5)));
    HttpResponse<byte[]> r = f.get("/s/" + d);
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.headers().firstValue("location")).hasValue("/s/" + d + "/");
    f.clock.advance(Duration.ofMinutes(6));
    try {
      HttpResponse<byte[]> expired = f.get("/s/" + d + "/");
      assertThat(expired.statusCode()).isEqualTo(410);
      assertThat(body(expired)).contains("expired");
    } finally {
      f.clock.advance(Duration.ofMinutes(-6));
    }
    assertThat(
            f.get("/s/" + d.replace(d.charAt(5), d.charAt(5) == 'x' ? 'y' : 'x') + "/")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void trackedPlayer_loadsResumeData() {
    LaunchGrant grant = f.tracked("golf", "session-r", Duration.ofHours(1));
    f.sessions.resume.put(
        "session-r",
        new ResumeData("item_1", Map.of("item_1", "{\"core\":{}}"), Map.of("item_1", "resume")));
    HttpResponse<byte[]> page = f.get("/s/" + f.deliver(grant) + "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(body(page)).contains("data-mode=\"TRACKED\"").contains("data-resume=\"item_1\"");
  }

  @Test
  void exit_redirectsToAnAbsoluteUrl() {
    String d =
        f.deliver(f.preview("golf", exitTo("https://lms.example/done?x=1"), Duration.ofMinutes(5)));
    HttpResponse<byte[]> r = f.get("/s/" + d + "/exit");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("location")).hasValue("https://lms.example/done?x=1");
  }

  @Test
  void exit_closer_blank_message() {
    HttpResponse<byte[]> closer =
        f.get(
            "/s/"
                + f.deliver(f.preview("golf", exitTo("closer"), Duration.ofMinutes(5)))
                + "/exit");
    assertThat(closer.statusCode()).isEqualTo(200);
    String html = body(closer);
    assertThat(html).contains("window.close()").contains("You can close this window");
    Matcher nonce = Pattern.compile("<script nonce=\"([^\"]+)\">").matcher(html);
    assertThat(nonce.find()).isTrue();
    assertThat(closer.headers().firstValue("content-security-policy").orElseThrow())
        .contains("script-src 'nonce-" + nonce.group(1) + "'");

    HttpResponse<byte[]> blank =
        f.get(
            "/s/" + f.deliver(f.preview("golf", exitTo("blank"), Duration.ofMinutes(5))) + "/exit");
    assertThat(blank.statusCode()).isEqualTo(200);
    assertThat(body(blank)).contains("<body></body>").doesNotContain("course");

    for (String option :
        new String[] {"message", null, "javascript:alert(1)", "//evil.example/x"}) {
      HttpResponse<byte[]> m =
          f.get(
              "/s/"
                  + f.deliver(f.preview("golf", exitTo(option), Duration.ofMinutes(5)))
                  + "/exit");
      assertThat(m.statusCode()).as(String.valueOf(option)).isEqualTo(200);
      assertThat(m.headers().firstValue("location")).isEmpty();
      assertThat(body(m)).contains("The course has ended. You can close this window.");
      assertThat(body(m)).doesNotContain("<script");
    }
    assertThat(f.get("/s/" + "Z".repeat(43) + "/exit").statusCode()).isEqualTo(404);
  }

  @Test
  void head_ofThePlayerPage_hasNoBody() {
    String d = f.deliver(f.preview("golf", null, Duration.ofMinutes(5)));
    HttpResponse<byte[]> r = f.send("HEAD", "/s/" + d + "/", BodyPublishers.noBody());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("content-security-policy").orElseThrow())
        .contains("script-src 'self' 'nonce-");
  }

  @Test
  void wrongMethods_are405() {
    String d = f.deliver(f.preview("golf", null, Duration.ofMinutes(5)));
    assertThat(f.send("POST", "/s/" + d + "/", BodyPublishers.ofString("x")).statusCode())
        .isEqualTo(405);
    assertThat(f.get("/s/" + d + "/commit").statusCode()).isEqualTo(405);
    assertThat(f.send("DELETE", "/launch/" + d, BodyPublishers.noBody()).statusCode())
        .isEqualTo(405);
  }
}
