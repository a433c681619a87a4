package org.courseport.server.browser.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.courseport.server.browser.launch.LaunchApi.corpus;
import static org.courseport.server.browser.launch.LaunchApi.sco;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.courseport.api.v1.LaunchSessionProgress;
import org.courseport.api.v1.PackageLaunchResponse;
import org.courseport.server.browser.BrowserHarness;
import org.courseport.server.domain.launch.LaunchSession;
import org.courseport.server.domain.launch.ScoState;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;

/**
 * Rustici's golf "Run-time Basic Calls" samples (SCORM 1.2 and 2004 3rd edition, from the shared
 * corpus) launched for real: imported through gRPC, a launch session from LaunchPackage, the launch
 * URL opened in headless chromium on the content origin, the SCO clicked through inside the
 * player's frame, and what the content set read back through GetLaunchSession and the stored
 * session (LaunchSessions). Also: a tab closed mid-SCO leaves its final commit (sendBeacon) stored,
 * and a relaunch of the same session resumes at the bookmark with entry = resume.
 */
class GolfLaunchBrowserTest {

  @RegisterExtension
  @Order(1)
  static final CourseportServerExtension server = new CourseportServerExtension();

  @RegisterExtension
  @Order(2)
  static final BrowserHarness browser = BrowserHarness.chromiumOnly();

  private final LaunchApi api = new LaunchApi(server);

  /** The two golf samples: corpus file, standard, the single SCO's item, CMI element names. */
  enum Golf {
    SCORM12("scorm12__rustici-golf__RuntimeBasicCalls_SCORM12.zip", "scorm12", true),
    SCORM2004(
        "scorm2004-3rd__rustici-golf__RuntimeBasicCalls_SCORM20043rdEdition.zip",
        "scorm2004",
        false);

    final String file;
    final String standard;
    final boolean v12;

    Golf(String file, String standard, boolean v12) {
      this.file = file;
      this.standard = standard;
      this.v12 = v12;
    }

    static final String ITEM = "item_1";

    String entry() {
      return v12 ? "cmi.core.entry" : "cmi.entry";
    }

    String location() {
      return v12 ? "cmi.core.lesson_location" : "cmi.location";
    }

    String learnerId() {
      return v12 ? "cmi.core.student_id" : "cmi.learner_id";
    }

    String learnerName() {
      return v12 ? "cmi.core.student_name" : "cmi.learner_name";
    }
  }

  private String importGolf(Golf golf, String purpose) {
    String course = "golf-" + purpose + "-" + golf.name().toLowerCase() + "-" + UUID.randomUUID();
    return api.importCourse(course, corpus(golf.file));
  }

  private void report(String course, String session) {
    browser.onFailureReport(
        () ->
            "stored session: "
                + api.stored(course, session).map(LaunchApi::describe).orElse("(none)"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Golf.class)
  void clickedThroughThePassedAssessmentIsStoredAndReadBack(Golf golf) {
    String course = importGolf(golf, "run");
    String session = UUID.randomUUID().toString();
    report(course, session);

    PackageLaunchResponse launch = api.launch(course, "learner-1", session);
    assertThat(launch.getResumed()).isFalse();
    assertThat(launch.getSessionId()).isEqualTo(session);
    assertThat(launch.getPackageId()).isEqualTo(course);
    // An unguessable token on the content origin, not on the API origin.
    assertThat(launch.getLaunchUrl()).matches("https?://[^/]+/launch/[A-Za-z0-9_-]{43}");
    assertThat(launch.getLaunchUrl()).doesNotStartWith(server.http().toString());
    assertThat(launch.getExpiresIn()).isPositive();

    Player player = new Player(browser.driver()).open(launch.getLaunchUrl());
    JsonNode data = player.launchData();
    assertThat(data.path("standard").asText()).isEqualTo(golf.standard);
    assertThat(data.path("mode").asText()).isEqualTo("tracked");
    assertThat(data.path("commitUrl").asText()).isEqualTo(player.deliveryBase() + "/commit");
    assertThat(data.path("contentBase").asText()).isEqualTo(player.deliveryBase() + "/c/");
    assertThat(data.at("/learner/id").asText()).isEqualTo("learner-1");
    assertThat(data.at("/items/0/id").asText()).isEqualTo(Golf.ITEM);
    assertThat(data.at("/items/0/href").asText()).startsWith("shared/launchpage.html");
    player.awaitItem(Golf.ITEM);
    assertThat(player.status()).contains("Golf Explained");

    GolfSco sco = new GolfSco(player, golf.v12).awaitStarted();
    assertThat(sco.page()).isZero();
    assertThat(sco.pages()).isEqualTo(15);
    // The player handed the learner and a fresh attempt to the runtime.
    assertThat(sco.api(golf.learnerId())).isEqualTo("learner-1");
    assertThat(sco.api(golf.learnerName())).isEqualTo("Learner learner-1");
    assertThat(sco.api(golf.entry())).isEqualTo("ab-initio");

    sco.toLastPage();
    assertThat(sco.page()).isEqualTo(14);
    assertThat(sco.api(golf.location())).isEqualTo("14");
    assertThat(sco.answerAssessment(true)).isEqualTo(100);
    sco.exit();
    if (golf.v12) {
      // LMSFinish ends the SCO; the learner leaves with the player's exit button.
      player.exit();
    } else {
      // The SCO asked for exitAll: the player leaves on its own.
      player.awaitExitPage();
    }
    assertThat(player.bodyText())
        .contains("The course has ended.")
        .contains("You can close this window.");

    LaunchSession stored =
        api.awaitStored(
            course,
            session,
            "the SCO's final state (passed, score 100, bookmark 14)",
            sco(
                Golf.ITEM,
                s ->
                    "passed".equals(s.successStatus())
                        && Double.valueOf(100).equals(s.scoreRaw())
                        && "14".equals(s.location())
                        && !"suspend".equals(s.exit())));
    ScoState state = stored.scos().get(Golf.ITEM);
    assertThat(state.completionStatus()).isEqualTo("completed");
    assertThat(state.suspendData()).isNullOrEmpty();
    JsonNode cmi = LaunchApi.cmi(stored, Golf.ITEM);
    if (golf.v12) {
      assertThat(cmi.at("/core/lesson_status").asText()).isEqualTo("passed");
      assertThat(cmi.at("/core/score/raw").asText()).isEqualTo("100");
      assertThat(cmi.at("/core/score/min").asText()).isEqualTo("0");
      assertThat(cmi.at("/core/score/max").asText()).isEqualTo("100");
      assertThat(cmi.at("/core/lesson_location").asText()).isEqualTo("14");
      assertThat(cmi.at("/core/student_id").asText()).isEqualTo("learner-1");
    } else {
      assertThat(cmi.at("/completion_status").asText()).isEqualTo("completed");
      assertThat(cmi.at("/success_status").asText()).isEqualTo("passed");
      assertThat(cmi.at("/score/raw").asText()).isEqualTo("100");
      assertThat(cmi.at("/score/scaled").asDouble()).isEqualTo(1.0);
      assertThat(cmi.at("/location").asText()).isEqualTo("14");
      assertThat(cmi.at("/learner_id").asText()).isEqualTo("learner-1");
      assertThat(state.scoreScaled()).isEqualTo(1.0);
    }
    assertThat(stored.userId()).isEqualTo("learner-1");
    assertThat(stored.standard()).isEqualTo(golf.standard);
    assertThat(stored.lastItemId()).isEqualTo(Golf.ITEM);

    LaunchSessionProgress progress = api.progress(course, session);
    assertThat(progress.getSessionId()).isEqualTo(session);
    assertThat(progress.getPackageId()).isEqualTo(course);
    assertThat(progress.getUserId()).isEqualTo("learner-1");
    assertThat(progress.getCompletionStatus()).isEqualTo("completed");
    assertThat(progress.getSuccessStatus()).isEqualTo("passed");
    assertThat(progress.hasScore()).isTrue();
    assertThat(progress.getScore()).isEqualTo(100.0);
    assertThat(progress.getLocation()).isEqualTo("14");
    assertThat(progress.getTotalTime()).matches("P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?");
    assertThat(progress.getLaunchCount()).isEqualTo(1);
    assertThat(progress.hasUpdatedAt()).isTrue();

    // The run-time events became statements of the learner's registration.
    List<String> verbs = LaunchApi.verbs(api.statements(course, "learner-1"));
    assertThat(verbs).contains("initialized", "passed", "terminated");
    if (!golf.v12) {
      assertThat(verbs).contains("completed");
    }
    assertThat(api.statements(course, "someone-else")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Golf.class)
  void aTabClosedMidScoLeavesItsFinalCommitAndARelaunchResumesAtTheBookmark(Golf golf) {
    String course = importGolf(golf, "resume");
    String session = "session-" + UUID.randomUUID();
    report(course, session);
    WebDriver driver = browser.driver();
    String original = driver.getWindowHandle();

    // First launch, in a tab of its own: three pages in, then the tab is closed.
    PackageLaunchResponse first = api.launch(course, "learner-2", session);
    driver.switchTo().newWindow(WindowType.TAB);
    Player player = new Player(driver).open(first.getLaunchUrl());
    GolfSco sco = new GolfSco(player, golf.v12).awaitStarted();
    sco.next().next().next();
    assertThat(sco.page()).isEqualTo(3);
    assertThat(sco.api(golf.location())).isEqualTo("3");
    driver.close();
    driver.switchTo().window(original);

    // The page's last word arrives as a beacon after the tab is gone.
    LaunchSession stored =
        api.awaitStored(
            course,
            session,
            // The SCO commits nothing before it finishes: bookmark 3 comes from the final commit.
            "the final commit sent as the tab closed (bookmark 3)",
            sco(Golf.ITEM, s -> "3".equals(s.location())));
    ScoState state = stored.scos().get(Golf.ITEM);
    assertThat(state.completionStatus()).isEqualTo("incomplete");
    JsonNode cmi = LaunchApi.cmi(stored, Golf.ITEM);
    assertThat(cmi.at(golf.v12 ? "/core/lesson_location" : "/location").asText()).isEqualTo("3");
    LaunchSessionProgress progress = api.progress(course, session);
    assertThat(progress.getCompletionStatus()).isEqualTo("incomplete");
    assertThat(progress.getLocation()).isEqualTo("3");

    // Relaunch of the same session: resumed, the SCO finds its bookmark and entry = resume.
    PackageLaunchResponse again = api.launch(course, "learner-2", session);
    assertThat(again.getResumed()).isTrue();
    assertThat(again.getLaunchUrl()).isNotEqualTo(first.getLaunchUrl());
    player.navigate(again.getLaunchUrl());
    assertThat(sco.acceptResumePrompt()).contains("resume");
    player.awaitReady();
    JsonNode data = player.launchData();
    assertThat(data.at("/resume/lastItemId").asText()).isEqualTo(Golf.ITEM);
    assertThat(data.at("/resume/entry/" + Golf.ITEM).asText()).isEqualTo("resume");
    assertThat(data.path("startItemId").asText()).isEqualTo(Golf.ITEM);
    sco.awaitStarted();
    assertThat(sco.page()).isEqualTo(3);
    assertThat(sco.api(golf.entry())).isEqualTo("resume");
    assertThat(sco.api(golf.location())).isEqualTo("3");
    assertThat(api.progress(course, session).getLaunchCount()).isEqualTo(2);

    // Another learner cannot take the session over.
    assertThatThrownBy(() -> api.launch(course, "someone-else", session))
        .hasMessageContaining("FAILED_PRECONDITION");
  }
}
