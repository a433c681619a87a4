package org.courseport.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchMode;
import org.courseport.server.domain.launch.LaunchOptions;
import org.courseport.server.domain.launch.ResumeData;
import org.courseport.server.player.LaunchPlan;
import org.courseport.server.player.PlanItem;
import org.courseport.server.player.PlayerPage;
import org.courseport.server.player.PlayerPageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The player page in headless chromium: {@link PlayerPage}'s HTML under a strict nonce CSP, the
 * bundled assets from the class path ({@code /player/assets/}, as the build put them), and a
 * two-SCO SCORM 1.2 package, served by a small Armeria server standing in for the content origin.
 * The SCOs find {@code window.API} in the player page, commit, and are switched, exited and closed.
 */
class PlayerBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String NONCE = "t3stNonce0123456";

  /** One commit as the server received it. */
  record Commit(String contentType, JsonNode body) {}

  private static final Map<String, PlayerPageModel> models = new ConcurrentHashMap<>();
  private static final Map<String, List<Commit>> commits = new ConcurrentHashMap<>();
  private static final Map<String, LinkedBlockingQueue<Commit>> beacons = new ConcurrentHashMap<>();

  private static LinkedBlockingQueue<Commit> beaconsOf(String token) {
    return beacons.computeIfAbsent(token, t -> new LinkedBlockingQueue<>());
  }

  private static Server server;
  private static WebDriver driver;
  private static Path userDataDir;

  @BeforeAll
  static void start() throws Exception {
    BrowserHarness.unavailable(false).ifPresent(Assumptions::abort);
    server =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
            .serviceUnder("/player/assets/", (ctx, req) -> asset(ctx.mappedPath()))
            .serviceUnder("/s/", (ctx, req) -> delivery(ctx, req))
            .build();
    server.start().join();
    userDataDir = Files.createTempDirectory("courseport-player-chromium-");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    driver =
        BrowserHarness.startChromium(
            userDataDir, options -> options.setCapability("goog:loggingPrefs", logs));
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (server != null) {
        server.stop().join();
      }
      if (userDataDir != null) {
        BrowserHarness.deleteTree(userDataDir);
      }
    }
  }

  private static String base() {
    return "http://127.0.0.1:" + server.activeLocalPort();
  }

  // ------------------------------------------------------------------ the stand-in content origin

  private static HttpResponse asset(String path) {
    if (!path.matches("/([a-z0-9-]+/)?[a-z0-9-]+(\\.min)?\\.(js|css)")) {
      return HttpResponse.of(HttpStatus.NOT_FOUND);
    }
    try (InputStream in = PlayerBrowserTest.class.getResourceAsStream("/player/assets" + path)) {
      if (in == null) {
        return HttpResponse.of(HttpStatus.NOT_FOUND);
      }
      MediaType type = path.endsWith(".css") ? MediaType.CSS_UTF_8 : MediaType.JAVASCRIPT_UTF_8;
      return HttpResponse.of(HttpStatus.OK, type, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse delivery(
      ServiceRequestContext ctx, com.linecorp.armeria.common.HttpRequest req) {
    String rest = ctx.mappedPath().substring(1);
    int slash = rest.indexOf('/');
    String token = slash < 0 ? rest : rest.substring(0, slash);
    String sub = slash < 0 ? "" : rest.substring(slash);
    PlayerPageModel model = models.get(token);
    if (model == null) {
      return HttpResponse.of(HttpStatus.NOT_FOUND);
    }
    if (sub.equals("/")) {
      return HttpResponse.of(
          ResponseHeaders.builder(HttpStatus.OK)
              .contentType(MediaType.HTML_UTF_8)
              .add(
                  "content-security-policy",
                  "default-src 'none'; script-src 'nonce-"
                      + NONCE
                      + "'; style-src 'self'; frame-src 'self'; connect-src 'self';"
                      + " img-src 'self'; base-uri 'none'; form-action 'none'")
              .build(),
          com.linecorp.armeria.common.HttpData.ofUtf8(PlayerPage.render(model)));
    }
    if (sub.equals("/commit")) {
      return HttpResponse.of(
          req.aggregate()
              .thenApply(
                  r -> {
                    Commit commit;
                    try {
                      commit =
                          new Commit(
                              String.valueOf(r.contentType()), JSON.readTree(r.contentUtf8()));
                    } catch (IOException e) {
                      return HttpResponse.of(HttpStatus.BAD_REQUEST);
                    }
                    commits.computeIfAbsent(token, t -> new CopyOnWriteArrayList<>()).add(commit);
                    if (commit.contentType().startsWith("text/plain")) {
                      beaconsOf(token).add(commit);
                    }
                    return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, "{\"ok\":true}");
                  }));
    }
    if (sub.equals("/exit")) {
      return HttpResponse.of(
          HttpStatus.OK,
          MediaType.HTML_UTF_8,
          "<!DOCTYPE html><title>Ended</title><p id=\"ended\">The course has ended.</p>");
    }
    java.util.regex.Matcher page =
        java.util.regex.Pattern.compile("/c/(sco|sco2004)/([a-z])/index\\.html").matcher(sub);
    if (page.matches()) {
      return HttpResponse.of(
          HttpStatus.OK,
          MediaType.HTML_UTF_8,
          "<!DOCTYPE html><html><body data-sco=\""
              + page.group(2)
              + "\"><p id=\"out\">loading</p><button id=\"continue\">Continue</button>"
              + "<script src=\"../sco.js\"></script></body></html>");
    }
    if (sub.equals("/c/sco/sco.js")) {
      return HttpResponse.of(HttpStatus.OK, MediaType.JAVASCRIPT_UTF_8, SCO_SCRIPT);
    }
    if (sub.equals("/c/sco2004/sco.js")) {
      return HttpResponse.of(HttpStatus.OK, MediaType.JAVASCRIPT_UTF_8, SCO_2004_SCRIPT);
    }
    return HttpResponse.of(HttpStatus.NOT_FOUND);
  }

  /**
   * A SCO: finds the API in its parents, reports entry, bookmark and the learner, tries a
   * suspend_data over the 1.2 limit, sets a bookmark and suspend data, commits, and finishes on
   * pagehide.
   */
  private static final String SCO_SCRIPT =
      """
      (function () {
        function find(w) {
          for (var i = 0; w && i < 10; i++) {
            if (w.API) { return w.API; }
            if (w.parent === w) { break; }
            w = w.parent;
          }
          return null;
        }
        var api = find(window.parent) || (window.opener && find(window.opener));
        var id = document.body.getAttribute('data-sco');
        api.LMSInitialize('');
        var report = {
          entry: api.LMSGetValue('cmi.core.entry'),
          location: api.LMSGetValue('cmi.core.lesson_location'),
          suspendData: api.LMSGetValue('cmi.suspend_data'),
          name: api.LMSGetValue('cmi.core.student_name'),
          mastery: api.LMSGetValue('cmi.student_data.mastery_score')
        };
        report.tooLong = api.LMSSetValue('cmi.suspend_data', new Array(4098).join('x'));
        report.tooLongError = api.LMSGetLastError();
        api.LMSSetValue('cmi.core.lesson_location', 'at-' + id);
        api.LMSSetValue('cmi.suspend_data', 'state-' + id);
        api.LMSSetValue('cmi.core.lesson_status', 'incomplete');
        report.commit = api.LMSCommit('');
        document.getElementById('out').textContent = JSON.stringify(report);
        window.addEventListener('pagehide', function () { api.LMSFinish(''); });
      })();
      """;

  /**
   * A SCORM 2004 SCO: reports entry and what the sequencing allows; its Continue button completes
   * it and asks for the next activity (adl.nav.request=continue, Terminate).
   */
  private static final String SCO_2004_SCRIPT =
      """
      (function () {
        function find(w) {
          for (var i = 0; w && i < 10; i++) {
            if (w.API_1484_11) { return w.API_1484_11; }
            if (w.parent === w) { break; }
            w = w.parent;
          }
          return null;
        }
        var api = find(window.parent);
        var id = document.body.getAttribute('data-sco');
        api.Initialize('');
        var report = {
          entry: api.GetValue('cmi.entry'),
          continueValid: api.GetValue('adl.nav.request_valid.continue'),
          previousValid: api.GetValue('adl.nav.request_valid.previous'),
          learner: api.GetValue('cmi.learner_name')
        };
        report.tooLong = api.SetValue('cmi.suspend_data', new Array(64002).join('x'));
        report.tooLongError = api.GetLastError();
        api.SetValue('cmi.location', 'at-' + id);
        document.getElementById('out').textContent = JSON.stringify(report);
        document.getElementById('continue').addEventListener('click', function () {
          api.SetValue('cmi.completion_status', 'completed');
          api.SetValue('adl.nav.request', 'continue');
          api.Terminate('');
        });
      })();
      """;

  // ------------------------------------------------------------------ helpers

  private static LaunchPlan plan() {
    return new LaunchPlan(
        "scorm12",
        "Two SCOs <&>",
        List.of(
            new PlanItem("org", "Module", 0, null, false, true, null, null, null, null, null, null),
            new PlanItem(
                "a",
                "First SCO",
                1,
                "sco/a/index.html",
                true,
                true,
                null,
                "80",
                null,
                null,
                null,
                null),
            new PlanItem(
                "b",
                "Second SCO",
                1,
                "sco/b/index.html",
                true,
                true,
                null,
                null,
                null,
                null,
                null,
                null)),
        null,
        true,
        true,
        null);
  }

  private static String register(String token, ResumeData resume) {
    return register(token, resume, "FRAMESET");
  }

  private static String register(String token, ResumeData resume, String launchType) {
    LaunchGrant grant =
        new LaunchGrant(
            "t1",
            "c1",
            1,
            LaunchMode.TRACKED,
            "session-" + token,
            "learner-1",
            new LaunchOptions(null, null, "en-GB", null, launchType, 0, false, "Ada Lovelace"),
            Instant.now().plusSeconds(600));
    models.put(token, new PlayerPageModel(grant, plan(), "/s/" + token, resume, NONCE));
    return base() + "/s/" + token + "/";
  }

  private static String registerSequenced(String token) {
    LaunchPlan plan =
        new LaunchPlan(
            "scorm2004",
            "Forced sequence",
            List.of(
                new PlanItem(
                    "org", "Module", 0, null, false, true, null, null, null, null, null, null),
                new PlanItem(
                    "a",
                    "Lesson A",
                    1,
                    "sco2004/a/index.html",
                    true,
                    true,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null),
                new PlanItem(
                    "b",
                    "Lesson B",
                    1,
                    "sco2004/b/index.html",
                    true,
                    true,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null)),
            "{\"activityTree\":{\"id\":\"org\",\"title\":\"Module\","
                + "\"sequencingControls\":{\"choice\":false,\"flow\":true},\"children\":["
                + "{\"id\":\"a\",\"title\":\"Lesson A\"},{\"id\":\"b\",\"title\":\"Lesson B\"}]}}",
            false,
            true,
            null);
    LaunchGrant grant =
        new LaunchGrant(
            "t1",
            "c2",
            1,
            LaunchMode.TRACKED,
            "session-" + token,
            "learner-2",
            LaunchOptions.DEFAULTS,
            Instant.now().plusSeconds(600));
    models.put(token, new PlayerPageModel(grant, plan, "/s/" + token, ResumeData.NONE, NONCE));
    return base() + "/s/" + token + "/";
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private static void awaitPlayer(String condition) {
    new WebDriverWait(driver, TIMEOUT)
        .withMessage(PlayerBrowserTest::diagnostics)
        .until(
            d ->
                Boolean.TRUE.equals(
                    js("var p = window.courseportPlayer; return !!(p && (" + condition + "));")));
  }

  /** What the page says, for a failure message: the player's state and the browser's console. */
  private static String diagnostics() {
    StringBuilder out = new StringBuilder("player: ");
    try {
      out.append(js("return JSON.stringify(window.courseportPlayer || null)"));
      out.append("; status: ").append(driver.findElement(By.id("cp-status")).getText());
    } catch (RuntimeException e) {
      out.append(e.getMessage());
    }
    driver.manage().logs().get(LogType.BROWSER).forEach(entry -> out.append("\n  ").append(entry));
    return out.toString();
  }

  private static JsonNode scoReport() throws IOException {
    driver.switchTo().frame("cp-frame");
    try {
      WebElement out = driver.findElement(By.id("out"));
      new WebDriverWait(driver, TIMEOUT).until(d -> out.getText().startsWith("{"));
      return JSON.readTree(out.getText());
    } finally {
      driver.switchTo().defaultContent();
    }
  }

  private static List<Commit> commitsOf(String token) {
    return List.copyOf(commits.getOrDefault(token, List.of()));
  }

  // ------------------------------------------------------------------ tests

  @Test
  void runsTwoScosThroughNextAndExitWithContractCommits() throws Exception {
    driver.get(register("d1", ResumeData.NONE));
    awaitPlayer("p.currentItemId === 'a' && p.commits === 1");

    assertThat(driver.getTitle()).isEqualTo("Two SCOs <&>");
    assertThat(driver.findElement(By.id("cp-status")).getText()).isEqualTo("First SCO");
    assertThat(driver.findElements(By.cssSelector("#cp-toc a[data-item-id]")))
        .extracting(e -> e.getAttribute("data-item-id"))
        .containsExactly("a", "b");
    assertThat(driver.findElement(By.id("cp-prev")).getAttribute("disabled")).isNotNull();
    assertThat(driver.findElement(By.id("cp-next")).getAttribute("disabled")).isNull();
    assertThat(js("return window.API_1484_11 === undefined && typeof window.API.LMSInitialize"))
        .isEqualTo("function");

    JsonNode report = scoReport();
    assertThat(report.path("entry").asText()).isEqualTo("ab-initio");
    assertThat(report.path("name").asText()).isEqualTo("Ada Lovelace");
    assertThat(report.path("mastery").asText()).isEqualTo("80");
    assertThat(report.path("tooLong").asText()).isEqualTo("false");
    assertThat(report.path("tooLongError").asText()).isEqualTo("405");
    assertThat(report.path("commit").asText()).isEqualTo("true");

    List<Commit> first = commitsOf("d1");
    assertThat(first).hasSize(1);
    assertThat(first.get(0).contentType()).startsWith("application/json");
    JsonNode body = first.get(0).body();
    assertThat(body.path("itemId").asText()).isEqualTo("a");
    assertThat(body.path("attemptKey").asText()).matches("[0-9a-f]{32}");
    assertThat(body.path("seq").asLong()).isEqualTo(1);
    assertThat(body.path("final").asBoolean()).isFalse();
    assertThat(body.path("cmi").path("core").path("lesson_location").asText()).isEqualTo("at-a");
    assertThat(body.path("cmi").path("suspend_data").asText()).isEqualTo("state-a");
    assertThat(body.path("cmi").path("core").path("student_id").asText()).isEqualTo("learner-1");

    driver.findElement(By.id("cp-next")).click();
    awaitPlayer("p.currentItemId === 'b' && p.commits === 3");
    assertThat(driver.findElement(By.id("cp-status")).getText()).isEqualTo("Second SCO");
    assertThat(driver.findElement(By.id("cp-prev")).getAttribute("disabled")).isNull();
    assertThat(driver.findElement(By.id("cp-next")).getAttribute("disabled")).isNotNull();
    JsonNode second = scoReport();
    assertThat(second.path("location").asText()).as("b starts fresh").isEmpty();
    assertThat(second.path("mastery").asText()).isEmpty();

    List<Commit> all = commitsOf("d1");
    assertThat(all).hasSize(3);
    JsonNode finalA = all.get(1).body();
    assertThat(finalA.path("itemId").asText()).isEqualTo("a");
    assertThat(finalA.path("final").asBoolean()).isTrue();
    assertThat(finalA.path("seq").asLong()).isEqualTo(2);
    assertThat(finalA.path("attemptKey").asText()).isEqualTo(body.path("attemptKey").asText());
    JsonNode firstB = all.get(2).body();
    assertThat(firstB.path("itemId").asText()).isEqualTo("b");
    assertThat(firstB.path("seq").asLong()).isEqualTo(1);
    assertThat(firstB.path("attemptKey").asText()).isNotEqualTo(body.path("attemptKey").asText());

    driver.findElement(By.id("cp-exit")).click();
    new WebDriverWait(driver, TIMEOUT).until(d -> d.getCurrentUrl().endsWith("/s/d1/exit"));
    assertThat(driver.findElement(By.id("ended")).getText()).isEqualTo("The course has ended.");
    List<Commit> ended = commitsOf("d1");
    assertThat(ended).hasSize(4);
    assertThat(ended.get(3).contentType()).startsWith("application/json");
    assertThat(ended.get(3).body().path("itemId").asText()).isEqualTo("b");
    assertThat(ended.get(3).body().path("final").asBoolean()).isTrue();
  }

  @Test
  void resumesTheBookmarkAndBeaconsTheFinalCommitWhenThePageCloses() throws Exception {
    ResumeData resume =
        new ResumeData(
            "b",
            Map.of(
                "b",
                "{\"core\":{\"lesson_location\":\"at-b\",\"lesson_status\":\"incomplete\"},"
                    + "\"suspend_data\":\"saved-b\"}"),
            Map.of("b", "resume"));
    driver.get(register("d2", resume));
    awaitPlayer("p.currentItemId === 'b' && p.commits === 1");
    JsonNode report = scoReport();
    assertThat(report.path("entry").asText()).isEqualTo("resume");
    assertThat(report.path("location").asText()).isEqualTo("at-b");
    assertThat(report.path("suspendData").asText()).isEqualTo("saved-b");

    driver.get("about:blank");
    Commit beacon = beaconsOf("d2").poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(beacon).as("a sendBeacon commit arrived").isNotNull();
    assertThat(beacon.contentType()).startsWith("text/plain");
    assertThat(beacon.body().path("itemId").asText()).isEqualTo("b");
    assertThat(beacon.body().path("final").asBoolean()).isTrue();
    assertThat(beacon.body().path("seq").asLong()).isEqualTo(2);
    assertThat(beacon.body().path("cmi").path("suspend_data").asText()).isEqualTo("state-b");
    assertThat(commitsOf("d2")).hasSize(2);
  }

  @Test
  void scorm2004SequencingForbidsChoiceAndFollowsTheContentsContinue() throws Exception {
    driver.get(registerSequenced("d3"));
    awaitPlayer("p.currentItemId === 'a'");
    assertThat(js("return typeof window.API_1484_11.Initialize")).isEqualTo("function");
    assertThat(driver.findElements(By.cssSelector("#cp-toc a[data-item-id]")))
        .extracting(e -> e.getAttribute("aria-disabled"))
        .containsExactly("true", "true");
    assertThat(driver.findElement(By.id("cp-prev")).getAttribute("disabled")).isNotNull();
    assertThat(driver.findElement(By.id("cp-next")).getAttribute("disabled")).isNull();
    JsonNode a = scoReport();
    assertThat(a.path("entry").asText()).isEqualTo("ab-initio");
    assertThat(a.path("continueValid").asText()).isEqualTo("true");
    assertThat(a.path("previousValid").asText()).isEqualTo("false");
    assertThat(a.path("learner").asText()).isEqualTo("learner-2");
    assertThat(a.path("tooLong").asText()).isEqualTo("false");
    assertThat(a.path("tooLongError").asText()).isEqualTo("406");

    // A click on a disabled TOC entry does nothing.
    driver.findElement(By.cssSelector("#cp-toc a[data-item-id=b]")).click();
    assertThat(js("return window.courseportPlayer.currentItemId")).isEqualTo("a");

    driver.switchTo().frame("cp-frame");
    driver.findElement(By.id("continue")).click();
    driver.switchTo().defaultContent();
    awaitPlayer("p.currentItemId === 'b'");
    assertThat(driver.findElement(By.id("cp-status")).getText()).isEqualTo("Lesson B");
    assertThat(driver.findElement(By.id("cp-prev")).getAttribute("disabled")).isNull();
    JsonNode b = scoReport();
    assertThat(b.path("previousValid").asText()).isEqualTo("true");

    List<Commit> all = commitsOf("d3");
    assertThat(all).hasSize(1);
    JsonNode finalA = all.get(0).body();
    assertThat(finalA.path("itemId").asText()).isEqualTo("a");
    assertThat(finalA.path("final").asBoolean()).isTrue();
    assertThat(finalA.path("cmi").path("completion_status").asText()).isEqualTo("completed");
    assertThat(finalA.path("cmi").path("location").asText()).isEqualTo("at-a");
  }

  @Test
  void newWindowLaunchOpensTheScoInAWindowThatFindsTheApiThroughItsOpener() throws Exception {
    String player = driver.getWindowHandle();
    driver.get(register("d4", ResumeData.NONE, "NEW_WINDOW"));
    awaitPlayer("p.currentItemId === 'a'");
    assertThat(driver.findElement(By.id("cp-window-note")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("cp-frame")).isDisplayed()).isFalse();
    if (driver.getWindowHandles().size() == 1) {
      // A blocked pop-up: the learner opens the window with the note's button.
      driver.findElement(By.id("cp-open")).click();
    }
    awaitPlayer("p.commits === 1");
    assertThat(driver.getWindowHandles()).hasSize(2);
    List<Commit> all = commitsOf("d4");
    assertThat(all.get(0).body().path("itemId").asText()).isEqualTo("a");
    assertThat(all.get(0).body().path("cmi").path("core").path("lesson_location").asText())
        .isEqualTo("at-a");

    driver.findElement(By.id("cp-exit")).click();
    new WebDriverWait(driver, TIMEOUT).until(d -> d.getWindowHandles().size() == 1);
    driver.switchTo().window(player);
    new WebDriverWait(driver, TIMEOUT).until(d -> d.getCurrentUrl().endsWith("/s/d4/exit"));
    assertThat(commitsOf("d4")).hasSize(2);
    assertThat(commitsOf("d4").get(1).body().path("final").asBoolean()).isTrue();
  }
}
