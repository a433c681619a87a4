package org.courseport.server.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * JUnit 5 extension for tests of packages in a real browser: Debian's {@code chromium}, headless,
 * driven by Selenium through {@code /usr/bin/chromedriver}, with scorm-again (npm, pinned in {@code
 * server/src/test/browser/package.json}, installed by the build) as the LMS-side runtime.
 *
 * <pre>{@code
 * @RegisterExtension static final BrowserHarness browser = new BrowserHarness();
 * LmsLaunch launch = browser.launch(ScormPackage.fromZip(zip), ScormRuntime.SCORM12, "index.html");
 * launch.open().click("#cp-next");
 * assertThat(launch.unload().cmi().at("/core/lesson_status").asText()).isEqualTo("passed");
 * }</pre>
 *
 * <p>The tests of a class are skipped, with a message naming what is missing, when chromium,
 * chromedriver or the npm-installed scorm-again are absent; with {@code
 * COURSEPORT_BROWSER_REQUIRED=true} in the environment (CI sets it) they fail instead. Paths can be
 * changed with the system properties {@code courseport.chromium}, {@code courseport.chromedriver}
 * and {@code courseport.scormAgainDist}. A failing test leaves a screenshot and the runtime's log
 * in {@code target/browser-screenshots/}.
 */
public final class BrowserHarness
    implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, TestWatcher {

  /** Chromium's flags: headless, and none of its own network traffic (the machine has none). */
  static final List<String> CHROMIUM_FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage",
          "--window-size=1280,900");

  private final boolean withLms;
  private final List<Supplier<String>> failureReports = new CopyOnWriteArrayList<>();
  private String skipReason;
  private Path userDataDir;
  private LmsServer server;
  private WebDriver driver;
  private LmsLaunch lastLaunch;

  /** A harness with the test LMS (scorm-again from {@code src/test/browser}) and chromium. */
  public BrowserHarness() {
    this(true);
  }

  private BrowserHarness(boolean withLms) {
    this.withLms = withLms;
  }

  /**
   * A harness with chromium only, for tests of pages a real server serves (the content origin's
   * player): no test LMS, so the npm-installed test copy of scorm-again is not needed. Use {@link
   * #driver()}; a failing test still leaves a screenshot in {@code target/browser-screenshots/}.
   */
  public static BrowserHarness chromiumOnly() {
    return new BrowserHarness(false);
  }

  /** Where chromium is expected. */
  static Path chromium() {
    return Path.of(System.getProperty("courseport.chromium", "/usr/bin/chromium"));
  }

  /** Where chromedriver is expected. */
  static Path chromedriver() {
    return Path.of(System.getProperty("courseport.chromedriver", "/usr/bin/chromedriver"));
  }

  /** scorm-again's {@code dist/} as {@code npm ci} in {@code server/src/test/browser} leaves it. */
  static Path scormAgainDist() {
    return Path.of(
            System.getProperty(
                "courseport.scormAgainDist", "src/test/browser/node_modules/scorm-again/dist"))
        .toAbsolutePath();
  }

  /** What is missing for the browser tests, empty when everything is there. */
  static List<String> missing() {
    return missing(true);
  }

  private static List<String> missing(boolean withLms) {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(chromium())) {
      missing.add(
          "chromium at "
              + chromium()
              + " (apt-get install chromium chromium-driver; .ci/run installs them)");
    }
    if (!Files.isExecutable(chromedriver())) {
      missing.add("chromedriver at " + chromedriver() + " (apt-get install chromium-driver)");
    }
    if (withLms && !Files.isRegularFile(scormAgainDist().resolve("scorm-again.js"))) {
      missing.add(
          "scorm-again at "
              + scormAgainDist()
              + " (installed by the server build's npm ci in src/test/browser; needs npm)");
    }
    return missing;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Optional<String> unavailable = unavailable(withLms);
    if (unavailable.isPresent()) {
      // Each test is then reported skipped with this reason (an abort here would hide the count).
      skipReason = unavailable.get();
      System.err.println(
          context.getRequiredTestClass().getSimpleName() + " skipped: " + unavailable.get());
      return;
    }
    if (withLms) {
      server = new LmsServer(scormAgainDist());
    }
    userDataDir = Files.createTempDirectory("courseport-chromium-");
    driver =
        startChromium(
            userDataDir,
            options -> {
              if (!withLms) {
                // A package's own dialogs (a resume confirm) stay open until the test handles them.
                options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
              }
            });
  }

  /**
   * Why the browser tests cannot run here (chromium, chromedriver or, {@code withLms}, scorm-again
   * missing), or empty when they can; fails instead when {@code COURSEPORT_BROWSER_REQUIRED=true}.
   */
  static Optional<String> unavailable(boolean withLms) {
    List<String> missing = missing(withLms);
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    String message = "browser tests need " + String.join("; ", missing);
    if (Boolean.parseBoolean(System.getenv("COURSEPORT_BROWSER_REQUIRED"))) {
      Assertions.fail(message + " (COURSEPORT_BROWSER_REQUIRED is set)");
    }
    return Optional.of(message);
  }

  /**
   * Starts headless chromium ({@link #CHROMIUM_FLAGS}) under chromedriver with its profile in
   * {@code userDataDir}, page-load and script timeouts of {@link LmsLaunch#TIMEOUT}; {@code
   * options} adds to the defaults. The caller quits the driver.
   */
  static WebDriver startChromium(Path userDataDir, Consumer<ChromeOptions> options) {
    ChromeOptions chrome = new ChromeOptions();
    chrome.setBinary(chromium().toFile());
    chrome.addArguments(CHROMIUM_FLAGS);
    chrome.addArguments("--user-data-dir=" + userDataDir);
    options.accept(chrome);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver().toFile())
            .usingAnyFreePort()
            .build();
    WebDriver driver = new ChromeDriver(service, chrome);
    driver.manage().timeouts().pageLoadTimeout(LmsLaunch.TIMEOUT);
    driver.manage().timeouts().scriptTimeout(LmsLaunch.TIMEOUT);
    return driver;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Assumptions.assumeTrue(skipReason == null, () -> skipReason);
    failureReports.clear();
  }

  /** Dismisses an open alert or confirm, which would otherwise block the screenshot. */
  private void dismissDialogs() {
    try {
      driver.switchTo().alert().dismiss();
    } catch (NoAlertPresentException e) {
      // none open
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      driver = null;
      if (server != null) {
        server.close();
        server = null;
      }
      if (userDataDir != null) {
        deleteTree(userDataDir);
        userDataDir = null;
      }
    }
  }

  /** A launch of the package's {@code launchHref} with the runtime, not yet opened. */
  public LmsLaunch launch(ScormPackage pkg, ScormRuntime runtime, String launchHref) {
    return launch(pkg, runtime, launchHref, Map.of());
  }

  /**
   * A launch with initial CMI values the LMS sets before the package starts (scorm-again's {@code
   * loadFromFlattenedJSON}), e.g. {@code cmi.student_data.mastery_score} or {@code
   * cmi.scaled_passing_score} from the manifest.
   */
  public LmsLaunch launch(
      ScormPackage pkg, ScormRuntime runtime, String launchHref, Map<String, String> initialCmi) {
    if (driver == null || server == null) {
      throw new IllegalStateException(
          "BrowserHarness is not started with a test LMS (register new BrowserHarness() as static)");
    }
    String id =
        server.register(new LmsServer.LaunchSpec(pkg, runtime, launchHref, Map.copyOf(initialCmi)));
    lastLaunch = new LmsLaunch(driver, server, id, runtime);
    return lastLaunch;
  }

  /** The test LMS's base URL ({@code http://127.0.0.1:port}). */
  public String baseUrl() {
    return server.baseUrl();
  }

  /** The WebDriver (chromium), started before the class's tests. */
  public WebDriver driver() {
    if (driver == null) {
      throw new IllegalStateException("BrowserHarness is not started (register it as static)");
    }
    return driver;
  }

  /**
   * Adds lines to the report a failing test leaves next to its screenshot (e.g. the server's view
   * of the launch); the supplier runs only on failure and is cleared before each test.
   */
  public void onFailureReport(Supplier<String> extra) {
    failureReports.add(extra);
  }

  /**
   * Saves a screenshot of the top page as {@code target/browser-screenshots/{name}.png}; answers
   * its path.
   */
  public Path screenshot(String name) throws IOException {
    Path dir = Path.of("target", "browser-screenshots");
    Files.createDirectories(dir);
    driver.switchTo().defaultContent();
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9_-]+", "_") + ".png");
    Files.write(file, png);
    return file;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    if (driver == null) {
      return;
    }
    try {
      Path dir = Path.of("target", "browser-screenshots");
      Files.createDirectories(dir);
      String name =
          context.getRequiredTestClass().getSimpleName()
              + "-"
              + context.getDisplayName().replaceAll("[^A-Za-z0-9_-]+", "_");
      dismissDialogs();
      screenshot(name);
      StringBuilder report = new StringBuilder("url: " + driver.getCurrentUrl() + "\n");
      report.append("failure: ").append(cause).append('\n');
      for (Supplier<String> extra : failureReports) {
        try {
          report.append(extra.get()).append('\n');
        } catch (RuntimeException e) {
          report.append("(report failed: ").append(e).append(")\n");
        }
      }
      if (lastLaunch != null) {
        report.append("calls: ").append(lastLaunch.calls()).append('\n');
        report.append("cmi: ").append(lastLaunch.cmi()).append('\n');
        lastLaunch.log().forEach(line -> report.append(line).append('\n'));
      }
      Files.writeString(dir.resolve(name + ".txt"), report, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      System.err.println("browser harness: no screenshot of the failure: " + e);
    }
  }

  /** Deletes a directory tree (a chromium profile), leaving what chromium still holds. */
  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(BrowserHarness::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // chromium may still be writing its profile as it exits; a temp dir left behind is harmless
    }
  }
}
