package org.courseport.server.browser.launch;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * Rustici's "Golf Explained" sample SCOs as they run in the player's {@code iframe#cp-frame}: the
 * SCO's launch page ({@code shared/launchpage.html}) shows the pages of its {@code pageArray} in
 * its own {@code #contentFrame} with {@code #butPrevious}, {@code #butNext} and {@code #butExit};
 * it keeps {@code currentPage}, {@code reachedEnd} and the run-time {@code API} it found as
 * globals, and the last page of the assessment SCOs is {@code assessmenttemplate.html}, whose
 * correct answers are marked {@code div.correctAnswer}.
 */
final class GolfSco {
  private static final Pattern NUMERIC = Pattern.compile("\\((\\d+)\\)\\s*$");

  private final Player player;
  private final boolean scorm12;

  GolfSco(Player player, boolean scorm12) {
    this.player = player;
    this.scorm12 = scorm12;
  }

  /**
   * Waits until the SCO in the frame initialized with the API and showed its first page ({@code
   * doStart} ran); leaves the driver in the SCO's frame.
   */
  GolfSco awaitStarted() {
    player
        .wait("the golf SCO to start (API found, currentPage set)")
        .until(
            d -> {
              player.sco();
              Object started =
                  player.script(
                      "return typeof currentPage === 'number' && typeof API !== 'undefined'"
                          + " && API !== null && (typeof initialized === 'undefined'"
                          + " || initialized === true);");
              return Boolean.TRUE.equals(started) ? true : null;
            });
    return this;
  }

  /**
   * For the 4th edition sample, whose launch page starts with a jQuery UI call although jQuery
   * comes from ajax.googleapis.com (blocked: the content origin keeps packages to themselves, and
   * the test machine has no internet): once the page loaded, a no-op {@code $} stands in and {@code
   * doStart} runs as its onload handler would have.
   */
  GolfSco startWithoutJquery() {
    player
        .wait("the golf SCO's launch page to load")
        .until(
            d -> {
              player.sco();
              return "complete".equals(player.script("return document.readyState;"))
                      && Boolean.TRUE.equals(player.script("return typeof doStart === 'function';"))
                  ? true
                  : null;
            });
    player.script(
        "if (typeof window.$ === 'undefined' && typeof currentPage !== 'number') {"
            + " var stub = {dialog: function () { return stub; }, val: function () { return ''; }};"
            + " window.$ = function () { return stub; }; doStart(); }");
    return awaitStarted();
  }

  /** The page the SCO shows (its {@code currentPage}). */
  int page() {
    player.sco();
    return ((Number) player.script("return currentPage;")).intValue();
  }

  /** How many pages the SCO has. */
  int pages() {
    player.sco();
    return ((Number) player.script("return pageArray.length;")).intValue();
  }

  /** Clicks {@code #butNext} and waits until the next page shows. */
  GolfSco next() {
    int before = page();
    WebElement next = player.driver().findElement(By.id("butNext"));
    if (!next.isEnabled()) {
      throw new AssertionError("#butNext is disabled on page " + before);
    }
    next.click();
    player
        .wait("the golf SCO to move past page " + before)
        .until(
            d -> {
              player.sco();
              return page() == before + 1 ? true : null;
            });
    return this;
  }

  /** Clicks {@code #butNext} until the last page (which completes the SCO). */
  GolfSco toLastPage() {
    int last = pages() - 1;
    while (page() < last) {
      next();
    }
    return this;
  }

  /**
   * On the assessment page: answers every question correctly (the radio inside {@code
   * div.correctAnswer}, the number shown in brackets for numeric questions), submits, and waits for
   * the result; answers the score the page shows.
   */
  int answerAssessment(boolean allCorrect) {
    player.sco();
    player.driver().switchTo().frame(player.driver().findElement(By.id("contentFrame")));
    player
        .wait("the assessment's Submit Answers button")
        .until(
            d ->
                d.findElements(By.cssSelector("input[type='button'][value='Submit Answers']"))
                        .isEmpty()
                    ? null
                    : true);
    List<WebElement> answers = player.driver().findElements(By.cssSelector("div.correctAnswer"));
    if (answers.isEmpty()) {
      throw new AssertionError("the assessment page shows no questions");
    }
    for (WebElement answer : answers) {
      List<WebElement> radio = answer.findElements(By.cssSelector("input[type='radio']"));
      List<WebElement> text = answer.findElements(By.cssSelector("input[type='text']"));
      if (!radio.isEmpty()) {
        if (allCorrect) {
          radio.get(0).click();
        }
      } else if (!text.isEmpty()) {
        Matcher m = NUMERIC.matcher(answer.getText());
        if (!m.find()) {
          throw new AssertionError("no number in brackets in '" + answer.getText() + "'");
        }
        text.get(0).sendKeys(allCorrect ? m.group(1) : "0");
      }
    }
    player
        .driver()
        .findElement(By.cssSelector("input[type='button'][value='Submit Answers']"))
        .click();
    String result =
        player
            .wait("the assessment's score")
            .until(
                d -> {
                  List<WebElement> h = d.findElements(By.cssSelector("#test h3"));
                  return h.isEmpty() || !h.get(0).getText().startsWith("Score:")
                      ? null
                      : h.get(0).getText();
                });
    player.sco();
    return Integer.parseInt(result.replace("Score:", "").strip());
  }

  /** Clicks the SCO's own {@code #butExit} (the 4th edition sample has none). */
  void exit() {
    player.sco();
    player.driver().findElement(By.id("butExit")).click();
  }

  /**
   * A value read through the run-time API the SCO found ({@code LMSGetValue} / {@code GetValue}).
   */
  String api(String element) {
    player.sco();
    Object v =
        player.script(
            scorm12
                ? "return API.LMSGetValue(arguments[0]);"
                : "return API.GetValue(arguments[0]);",
            element);
    return v == null ? null : v.toString();
  }

  /**
   * Waits for the "Would you like to resume" confirm the SCO shows when it finds a bookmark, and
   * accepts it; answers its text.
   */
  String acceptResumePrompt() {
    Alert alert =
        player
            .wait("the SCO's resume prompt (confirm) after a relaunch")
            .ignoring(NoAlertPresentException.class)
            .until(d -> d.switchTo().alert());
    String text = alert.getText();
    alert.accept();
    return text;
  }
}
