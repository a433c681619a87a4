package org.courseport.server.browser.launch;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.UnhandledAlertException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The player page on the content origin as a learner sees it, driven through the DOM the launch
 * contract names: {@code #cp-toc} with {@code a[data-item-id]}, {@code #cp-prev}, {@code #cp-next},
 * {@code #cp-exit}, {@code iframe#cp-frame}, {@code #cp-status}, the launch data in {@code
 * script#cp-launch} and {@code window.courseportPlayer}.
 *
 * <p>Methods named {@code top…} or about the player leave the driver in the top page; {@link
 * #sco()} switches into the SCO's frame.
 */
final class Player {
  static final Duration TIMEOUT = LaunchApi.WAIT;
  private static final Pattern DELIVERY = Pattern.compile("(https?://[^/]+)(/s/[^/]+)/");

  private final WebDriver driver;

  Player(WebDriver driver) {
    this.driver = driver;
  }

  WebDriver driver() {
    return driver;
  }

  /** Opens a launch link and waits until the player page is up with its SCO frame. */
  Player open(String launchUrl) {
    driver.switchTo().defaultContent();
    driver.get(launchUrl);
    return awaitReady();
  }

  /**
   * Navigates the top page to a launch link without waiting for the player (a SCO may open a dialog
   * while the page loads, which the caller handles first).
   */
  Player navigate(String launchUrl) {
    driver.switchTo().defaultContent();
    try {
      driver.get(launchUrl);
    } catch (UnhandledAlertException e) {
      // the SCO opened a dialog while the page loaded; it stays open for the caller
    }
    return this;
  }

  /** Waits until the player page's script has set up {@code window.courseportPlayer}. */
  Player awaitReady() {
    top();
    wait("the player page (window.courseportPlayer and iframe#cp-frame) at " + url())
        .until(
            d ->
                Boolean.TRUE.equals(
                        script(
                            "return !!window.courseportPlayer"
                                + " && !!document.querySelector('iframe#cp-frame');"))
                    ? true
                    : null);
    return this;
  }

  /** The top page's URL. */
  String url() {
    driver.switchTo().defaultContent();
    return driver.getCurrentUrl();
  }

  /** The content origin, e.g. {@code http://localhost:1234}, from the player page's URL. */
  String origin() {
    Matcher m = DELIVERY.matcher(url());
    if (!m.find()) {
      throw new AssertionError("not a player page: " + url());
    }
    return m.group(1);
  }

  /** The delivery base path {@code /s/{deliveryToken}} from the player page's URL. */
  String deliveryBase() {
    Matcher m = DELIVERY.matcher(url());
    if (!m.find()) {
      throw new AssertionError("not a player page: " + url());
    }
    return m.group(2);
  }

  /** The launch data the page carries in {@code script#cp-launch}. */
  JsonNode launchData() {
    top();
    Object text =
        script("var s = document.getElementById('cp-launch'); return s ? s.textContent : null;");
    if (text == null) {
      throw new AssertionError("the player page has no script#cp-launch");
    }
    return LaunchApi.json(text.toString());
  }

  /** {@code window.courseportPlayer.currentItemId}. */
  String currentItemId() {
    top();
    return (String) script("return window.courseportPlayer.currentItemId || null;");
  }

  /** {@code window.courseportPlayer.commits}: commits the server acknowledged. */
  long commits() {
    top();
    Object n = script("return window.courseportPlayer.commits || 0;");
    return ((Number) n).longValue();
  }

  /** {@code window.courseportPlayer.lastError} as text, or null. */
  String lastError() {
    top();
    Object e = script("var e = window.courseportPlayer.lastError; return e ? String(e) : null;");
    return e == null ? null : e.toString();
  }

  /** Waits until the player shows the item in its frame. */
  Player awaitItem(String itemId) {
    top();
    wait("the player to show item " + itemId)
        .until(d -> itemId.equals(currentItemId()) ? true : null);
    return this;
  }

  /** The TOC link of an item, if the TOC lists it. */
  WebElement tocItem(String itemId) {
    top();
    List<WebElement> found =
        driver.findElements(By.cssSelector("#cp-toc a[data-item-id='" + itemId + "']"));
    return found.isEmpty() ? null : found.get(0);
  }

  /** Whether the TOC offers the item for choice (listed, shown and not aria-disabled). */
  boolean choosable(String itemId) {
    WebElement a = tocItem(itemId);
    return a != null && a.isDisplayed() && !"true".equals(a.getAttribute("aria-disabled"));
  }

  /** Whether the TOC lists the item as disabled ({@code aria-disabled="true"}). */
  boolean tocDisabled(String itemId) {
    WebElement a = tocItem(itemId);
    if (a == null) {
      throw new AssertionError("the TOC does not list " + itemId + "; TOC: " + toc());
    }
    return "true".equals(a.getAttribute("aria-disabled"));
  }

  /** The TOC's item ids with their state, for failure messages. */
  String toc() {
    top();
    Object t =
        script(
            "return Array.from(document.querySelectorAll('#cp-toc a[data-item-id]')).map(function(a)"
                + " { return a.dataset.itemId + (a.getAttribute('aria-disabled') === 'true'"
                + " ? '(disabled)' : '') + (a.offsetParent === null ? '(hidden)' : ''); }).join(', ');");
    return String.valueOf(t);
  }

  /** Waits until the TOC offers the item for choice. */
  Player awaitChoosable(String itemId) {
    wait("the TOC to offer " + itemId + " for choice").until(d -> choosable(itemId) ? true : null);
    return this;
  }

  /** Clicks the item's TOC link. */
  Player choose(String itemId) {
    WebElement a = tocItem(itemId);
    if (a == null) {
      throw new AssertionError("the TOC does not list " + itemId + "; TOC: " + toc());
    }
    a.click();
    return this;
  }

  /** Whether a navigation button ({@code cp-prev}, {@code cp-next}, {@code cp-exit}) is enabled. */
  boolean enabled(String buttonId) {
    top();
    WebElement b = driver.findElement(By.id(buttonId));
    return b.isDisplayed() && b.getAttribute("disabled") == null;
  }

  /** Waits until the button is enabled. */
  Player awaitEnabled(String buttonId) {
    wait("#" + buttonId + " to be enabled").until(d -> enabled(buttonId) ? true : null);
    return this;
  }

  /** Clicks {@code #cp-next} once it is enabled. */
  Player next() {
    awaitEnabled("cp-next");
    driver.findElement(By.id("cp-next")).click();
    return this;
  }

  /** {@code #cp-status}'s text. */
  String status() {
    top();
    return driver.findElement(By.id("cp-status")).getText();
  }

  /** Whether the top page is the player's exit page ({@code /s/{d}/exit}). */
  boolean onExitPage() {
    return Objects.requireNonNullElse(url(), "").matches("https?://[^/]+/s/[^/]+/exit([?#].*)?");
  }

  /** Waits until the player navigated the top page to its exit page. */
  Player awaitExitPage() {
    wait("the player to go to its exit page").until(d -> onExitPage() ? true : null);
    return this;
  }

  /** Clicks {@code #cp-exit} (unless the player already left) and waits for the exit page. */
  Player exit() {
    if (!onExitPage()) {
      try {
        awaitEnabled("cp-exit");
        driver.findElement(By.id("cp-exit")).click();
      } catch (NoSuchElementException | StaleElementReferenceException e) {
        // the player navigated to the exit page on its own meanwhile
      }
    }
    return awaitExitPage();
  }

  /** The visible text of the top page's body. */
  String bodyText() {
    top();
    return driver.findElement(By.tagName("body")).getText();
  }

  /** Switches into the SCO's frame ({@code iframe#cp-frame}). */
  Player sco() {
    driver.switchTo().defaultContent();
    driver.switchTo().frame(driver.findElement(By.cssSelector("iframe#cp-frame")));
    return this;
  }

  /** Switches back to the top page. */
  Player top() {
    driver.switchTo().defaultContent();
    return this;
  }

  /** Runs a script in the current frame. */
  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** A wait of {@link #TIMEOUT} with the player's view in its failure message. */
  WebDriverWait wait(String what) {
    WebDriverWait w = new WebDriverWait(driver, TIMEOUT);
    w.withMessage(() -> what + "; " + state());
    return w;
  }

  /** What the player reports, for failure messages. */
  String state() {
    try {
      driver.switchTo().defaultContent();
      Object s =
          script(
              "var p = window.courseportPlayer; return location.href + ' player='"
                  + " + (p ? JSON.stringify({currentItemId: p.currentItemId, commits: p.commits,"
                  + " lastError: p.lastError ? String(p.lastError) : null}) : 'none');");
      return String.valueOf(s);
    } catch (RuntimeException e) {
      return "(player state unreadable: " + e.getMessage() + ")";
    }
  }
}
