package org.courseport.server.browser.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.browser.launch.LaunchApi.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.courseport.api.v1.BuildCoursePreviewLaunchLinkRequest;
import org.courseport.api.v1.PackageLaunchResponse;
import org.courseport.server.browser.BrowserHarness;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * What a launch token and the content origin allow, in a real browser: a page of a package on the
 * content origin cannot read an API response even with a valid key in its hands (CORS), while the
 * same request from a server with that key succeeds; an expired link shows the 410 page, a tampered
 * token the 404 page; a preview stores nothing and its commits are refused.
 */
class LaunchSecurityBrowserTest {

  @RegisterExtension
  @Order(1)
  static final CourseportServerExtension server = new CourseportServerExtension();

  @RegisterExtension
  @Order(2)
  static final BrowserHarness browser = BrowserHarness.chromiumOnly();

  private static final String GOLF12 = "scorm12__rustici-golf__RuntimeBasicCalls_SCORM12.zip";

  private final LaunchApi api = new LaunchApi(server);

  @Test
  void aPackagePageCannotReadTheApiEvenWithAValidKey() {
    String apiUrl = server.http() + "/api/v2/courses";
    String course =
        api.importCourse(
            "cors-probe-" + UUID.randomUUID(),
            probePackage(apiUrl, CourseportServerExtension.basic(api.key())));
    String session = UUID.randomUUID().toString();
    PackageLaunchResponse launch = api.launch(course, "learner-cors", session);
    Player player = new Player(browser.driver()).open(launch.getLaunchUrl());
    assertThat(player.origin()).isNotEqualTo(server.http().toString());
    player.awaitItem("ITEM-1");

    String outcome =
        player
            .wait("the probe page's fetches to settle")
            .until(
                d -> {
                  player.sco();
                  String text = d.findElement(By.id("result")).getText();
                  return text.startsWith("{") ? text : null;
                });
    JsonNode result = LaunchApi.json(outcome);
    // A CORS fetch with the key is refused by the browser: the promise rejects, nothing is read.
    assertThat(result.path("cors").asText()).isEqualTo("TypeError");
    // Without CORS the response is opaque (or refused outright): no status, no body.
    assertThat(result.path("noCors").asText()).isIn("TypeError", "opaque:0:0");
    // A form-encoded "simple" request cannot be read either.
    assertThat(result.path("simple").asText()).isIn("TypeError", "opaque:0:0");

    // The key itself works: the same request from Java reads the course list.
    HttpResponse<String> direct =
        LaunchApi.send(
            HttpRequest.newBuilder(URI.create(apiUrl))
                .header("Authorization", CourseportServerExtension.basic(api.key()))
                .GET()
                .build());
    assertThat(direct.statusCode()).isEqualTo(200);
    assertThat(direct.body()).contains(course);
    assertThat(direct.headers().firstValue("access-control-allow-origin")).isEmpty();

    // The content origin answers no API route; the API origin serves no package file.
    HttpResponse<String> apiOnContent =
        LaunchApi.send(
            HttpRequest.newBuilder(URI.create(player.origin() + "/api/v2/courses"))
                .header("Authorization", CourseportServerExtension.basic(api.key()))
                .GET()
                .build());
    assertThat(apiOnContent.statusCode()).isEqualTo(404);
    assertThat(apiOnContent.body()).doesNotContain(course);
    String file = player.deliveryBase() + "/c/probe.html";
    assertThat(LaunchApi.get(player.origin() + file).statusCode()).isEqualTo(200);
    assertThat(LaunchApi.get(server.http() + file).statusCode()).isEqualTo(404);
  }

  @Test
  void anExpiredPreviewLinkShowsTheExpiredPage() {
    String course = api.importCourse("expiry-" + UUID.randomUUID(), corpus(GOLF12));
    Instant before = Instant.now();
    String link =
        api.preview(
            BuildCoursePreviewLaunchLinkRequest.newBuilder()
                .setCourseId(course)
                .setExpiry(10)
                .build());
    // Live: a plain GET without credentials opens it.
    HttpResponse<String> live = LaunchApi.get(link);
    assertThat(live.statusCode()).isEqualTo(303);
    assertThat(live.headers().firstValue("location")).hasValueSatisfying(l -> l.contains("/s/"));

    // The link lives ten seconds: wait for the clock to pass them (a wait on the clock, bounded).
    HttpResponse<String> expired =
        LaunchApi.await(
            "the preview link to expire",
            () -> {
              HttpResponse<String> r = LaunchApi.get(link);
              return r.statusCode() == 410 ? Optional.of(r) : Optional.empty();
            });
    // (Issued after `before`, expiring ten seconds later; a second of slack for rounding.)
    assertThat(Instant.now()).isAfterOrEqualTo(before.plusSeconds(9));
    assertThat(expired.headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(expired.body()).contains("This launch link has expired");

    Player player = new Player(browser.driver());
    player.navigate(link);
    assertThat(player.bodyText()).contains("This launch link has expired");
  }

  @Test
  void aTamperedTokenShowsTheNotFoundPage() {
    String course = api.importCourse("tamper-" + UUID.randomUUID(), corpus(GOLF12));
    PackageLaunchResponse launch =
        api.launch(course, "learner-tamper", UUID.randomUUID().toString());
    String url = launch.getLaunchUrl();
    String tampered = url.substring(0, url.length() - 1) + (url.endsWith("A") ? "B" : "A");

    HttpResponse<String> response = LaunchApi.get(tampered);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    Player player = new Player(browser.driver());
    player.navigate(tampered);
    assertThat(player.bodyText()).contains("This launch link is not valid");
    assertThat(response.body()).contains("This launch link is not valid");

    // A real link opens the player; its delivery token, tampered, opens nothing.
    player.open(url);
    String base = player.deliveryBase();
    String origin = player.origin();
    String badBase = base.substring(0, base.length() - 1) + (base.endsWith("A") ? "B" : "A");
    assertThat(LaunchApi.get(origin + base + "/").statusCode()).isEqualTo(200);
    assertThat(LaunchApi.get(origin + badBase + "/").statusCode()).isEqualTo(404);
    assertThat(LaunchApi.get(origin + badBase + "/c/shared/launchpage.html").statusCode())
        .isEqualTo(404);
    assertThat(LaunchApi.get(origin + base + "/c/shared/launchpage.html").statusCode())
        .isEqualTo(200);
    // The link token is not a delivery token.
    String linkToken = url.substring(url.lastIndexOf('/') + 1);
    assertThat(LaunchApi.get(origin + "/s/" + linkToken + "/").statusCode()).isEqualTo(404);
  }

  @Test
  void aPreviewRunsTheCourseButStoresNothing() {
    String course = api.importCourse("preview-" + UUID.randomUUID(), corpus(GOLF12));
    String link = api.preview(course);
    Player player = new Player(browser.driver()).open(link);
    JsonNode data = player.launchData();
    assertThat(data.path("mode").asText()).isEqualTo("preview");
    assertThat(data.path("commitUrl").isNull()).isTrue();
    assertThat(data.at("/learner/id").asText()).isEqualTo("preview");

    player.awaitItem("item_1");
    GolfSco sco = new GolfSco(player, true).awaitStarted();
    sco.next().next();
    sco.toLastPage();
    assertThat(sco.answerAssessment(true)).isEqualTo(100);
    // The run-time works as usual in the page.
    assertThat(sco.api("cmi.core.lesson_status")).isEqualTo("passed");
    sco.exit();
    String base = player.deliveryBase();
    String origin = player.origin();
    player.exit();

    // A commit posted to the preview's delivery token is refused.
    HttpResponse<String> refused =
        LaunchApi.send(
            HttpRequest.newBuilder(URI.create(origin + base + "/commit"))
                .header("Content-Type", "text/plain")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"itemId\":\"item_1\",\"attemptKey\":\"k\",\"seq\":1,\"final\":true,"
                            + "\"cmi\":{\"core\":{\"lesson_status\":\"passed\"}}}"))
                .build());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(LaunchApi.json(refused.body()).path("error").asText()).isEqualTo("PREVIEW");

    // Nothing was stored: no session, no statement.
    assertThat(api.sessions().count(api.tenantId(), course, null)).isZero();
    assertThat(api.statements(course, null)).isEmpty();
  }

  @Test
  void aCmi5CourseCannotBePreviewedAndSaysWhy() {
    String course =
        api.importCourse(
            "cmi5-" + UUID.randomUUID(), corpus("cmi5__adl-catapult__multi_au_framed.zip"));
    String link = api.preview(course);
    HttpResponse<String> response = LaunchApi.get(link);
    assertThat(response.statusCode()).isEqualTo(422);
    Player player = new Player(browser.driver());
    player.navigate(link);
    assertThat(player.bodyText()).contains("This course cannot be launched").contains("cmi5");
  }

  /**
   * A SCORM 1.2 package whose page, on the content origin, tries to read {@code apiUrl} with the
   * key's Authorization header and writes what it got into {@code #result} as JSON.
   */
  private static byte[] probePackage(String apiUrl, String authorization) {
    String manifest =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest identifier="PROBE" version="1.0"
            xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
            xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
          <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
          <organizations default="ORG-1">
            <organization identifier="ORG-1">
              <title>CORS probe</title>
              <item identifier="ITEM-1" identifierref="RES-1"><title>Probe</title></item>
            </organization>
          </organizations>
          <resources>
            <resource identifier="RES-1" type="webcontent" adlcp:scormtype="sco" href="probe.html">
              <file href="probe.html"/>
              <file href="probe.js"/>
            </resource>
          </resources>
        </manifest>
        """;
    String html =
        """
        <!DOCTYPE html>
        <html><head><title>Probe</title></head>
        <body><pre id="result">pending</pre><script src="probe.js"></script></body></html>
        """;
    String js =
        """
        (function () {
          var url = %s, auth = %s, out = {};
          function settle(name, promise) {
            return promise.then(function (r) {
              if (r.type === 'opaque') {
                return r.text().then(function (t) { out[name] = 'opaque:' + r.status + ':' + t.length; });
              }
              return r.text().then(function (t) { out[name] = 'read:' + r.status + ':' + t.slice(0, 200); });
            }, function (e) { out[name] = e.name; });
          }
          settle('cors', fetch(url, {headers: {'Authorization': auth}}))
            .then(function () {
              return settle('noCors', fetch(url, {mode: 'no-cors', headers: {'Authorization': auth}}));
            })
            .then(function () {
              return settle('simple', fetch(url + '?key=' + encodeURIComponent(auth)));
            })
            .then(function () { document.getElementById('result').textContent = JSON.stringify(out); });
        })();
        """
            .formatted(jsString(apiUrl), jsString(authorization));
    Map<String, String> files = new LinkedHashMap<>();
    files.put("imsmanifest.xml", manifest);
    files.put("probe.html", html);
    files.put("probe.js", js);
    return zip(files);
  }

  private static String jsString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static byte[] zip(Map<String, String> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
