package org.courseport.server.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One launch of a package in the test LMS: the LMS page (scorm-again's API in the top window) with
 * the package's launch page in the {@code #cp-content} iframe. Reads back what the runtime
 * recorded.
 *
 * <p>The driver is either in the LMS page or in the content frame: {@link #content()} and {@link
 * #lms()} switch; the readers ({@link #cmi()}, {@link #calls()}, ...) switch to the LMS page
 * themselves and leave the driver there.
 */
public final class LmsLaunch {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long a wait for the page or the runtime lasts before the test fails. */
  public static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final WebDriver driver;
  private final LmsServer server;
  private final String id;
  private final ScormRuntime runtime;
  private final String url;

  LmsLaunch(WebDriver driver, LmsServer server, String id, ScormRuntime runtime) {
    this.driver = driver;
    this.server = server;
    this.id = id;
    this.runtime = runtime;
    this.url = server.baseUrl() + "/lms/" + id;
  }

  /** The LMS page's URL. */
  public String url() {
    return url;
  }

  /** The runtime the LMS page provides. */
  public ScormRuntime runtime() {
    return runtime;
  }

  /** The driver (for the tests' own finds and clicks). */
  public WebDriver driver() {
    return driver;
  }

  /** Opens the LMS page and waits until the package called the API's initialize. */
  public LmsLaunch open() {
    driver.switchTo().defaultContent();
    driver.get(url);
    awaitCall(runtime.initialize());
    return this;
  }

  /** Switches the driver into the package's frame. */
  public LmsLaunch content() {
    driver.switchTo().defaultContent();
    driver.switchTo().frame(driver.findElement(By.id("cp-content")));
    return this;
  }

  /** Switches the driver back to the LMS page. */
  public LmsLaunch lms() {
    driver.switchTo().defaultContent();
    return this;
  }

  /** Clicks the element the selector finds in the package's frame, once it is displayed. */
  public LmsLaunch click(String cssSelector) {
    content();
    WebElement element =
        new WebDriverWait(driver, TIMEOUT)
            .withMessage(() -> "no displayed, enabled element " + cssSelector + " in the package")
            .until(
                d -> {
                  List<WebElement> found = d.findElements(By.cssSelector(cssSelector));
                  return found.stream()
                      .filter(e -> e.isDisplayed() && e.isEnabled())
                      .findFirst()
                      .orElse(null);
                });
    element.click();
    return this;
  }

  /**
   * The text of the first element the selector finds in the package's frame once that text is not
   * empty (the driver stays in the frame).
   */
  public String text(String cssSelector) {
    content();
    return new WebDriverWait(driver, TIMEOUT)
        .withMessage(() -> "no element " + cssSelector + " with text in the package")
        .until(
            d -> {
              List<WebElement> found = d.findElements(By.cssSelector(cssSelector));
              String text = found.isEmpty() ? "" : found.get(0).getText();
              return text.isBlank() ? null : text;
            });
  }

  /**
   * The runtime's CMI data model as scorm-again holds it ({@code JSON.stringify(api.cmi)}), e.g.
   * {@code cmi().at("/core/lesson_status")} in SCORM 1.2, {@code cmi().at("/score/scaled")} in
   * 2004.
   */
  public JsonNode cmi() {
    return parse((String) script("return JSON.stringify(window.cpApi.cmi);"));
  }

  /** The API methods the package called, in order (e.g. LMSInitialize, LMSSetValue, ...). */
  public List<String> calls() {
    return strings(script("return window.cpCalls.slice();"));
  }

  /**
   * The SetValue / LMSSetValue calls ({@code cmi.*} and {@code adl.*}), as [element, value] pairs
   * in order.
   */
  public List<Map.Entry<String, String>> sets() {
    List<Map.Entry<String, String>> sets = new ArrayList<>();
    for (Object pair : (List<?>) script("return window.cpSets.slice();")) {
      List<?> items = (List<?>) pair;
      sets.add(Map.entry(String.valueOf(items.get(0)), String.valueOf(items.get(1))));
    }
    return sets;
  }

  /** The last value the package set for a CMI element, or null when it set none. */
  public String lastSet(String element) {
    String value = null;
    for (Map.Entry<String, String> set : sets()) {
      if (set.getKey().equals(element)) {
        value = set.getValue();
      }
    }
    return value;
  }

  /** scorm-again's log lines for this page (for failure reports). */
  public List<String> log() {
    return strings(script("return window.cpLog ? window.cpLog.slice() : [];"));
  }

  /** The commit bodies scorm-again posted to the test LMS, as JSON, in arrival order. */
  public List<JsonNode> commits() {
    return server.commits(id).stream().map(LmsLaunch::parse).toList();
  }

  /** Waits until the package has called the API method (e.g. {@code LMSFinish}). */
  public LmsLaunch awaitCall(String method) {
    lms();
    new WebDriverWait(driver, TIMEOUT)
        .withMessage(
            () -> "the package did not call " + method + "; calls: " + callsOrNone() + tail())
        .until(d -> calls().contains(method));
    return this;
  }

  /**
   * Unloads the package as a learner leaving it does (the frame navigates away, so the page gets
   * pagehide and unload) and waits for its terminate call ({@code LMSFinish} / {@code Terminate}).
   */
  public LmsLaunch unload() {
    lms();
    script("document.getElementById('cp-content').src = 'about:blank';");
    return awaitCall(runtime.terminate());
  }

  /** Runs a script in the package's frame (the driver stays in the frame). */
  public Object contentScript(String script, Object... args) {
    content();
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Runs a script in the LMS page. */
  public Object script(String script, Object... args) {
    lms();
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private String callsOrNone() {
    try {
      return String.valueOf(calls());
    } catch (RuntimeException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private String tail() {
    try {
      List<String> log = log();
      return "; scorm-again log tail: " + log.subList(Math.max(0, log.size() - 10), log.size());
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static List<String> strings(Object value) {
    return ((List<?>) value).stream().map(String::valueOf).toList();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not JSON: " + json, e);
    }
  }
}
