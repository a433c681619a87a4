package org.courseport.server.browser.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.browser.launch.LaunchApi.corpus;
import static org.courseport.server.browser.launch.LaunchApi.sco;

import java.util.List;
import java.util.UUID;
import org.courseport.api.v1.LaunchSessionProgress;
import org.courseport.api.v1.PackageLaunchResponse;
import org.courseport.server.browser.BrowserHarness;
import org.courseport.server.domain.launch.LaunchSession;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SCORM 2004 sequencing in the player with Rustici's golf sequencing samples from the corpus:
 * "Forced Sequential" (each SCO disabled until the previous one is satisfied, read through global
 * objectives) and "Post Test Rollup" (4th edition: the content SCOs do not roll up to the course,
 * only the post-test does; the test is hidden from choice until the content is completed). The
 * learner's navigation (table of contents, {@code #cp-next}) is what is asserted, and the rolled-up
 * session through GetLaunchSession.
 */
class SequencingLaunchBrowserTest {

  @RegisterExtension
  @Order(1)
  static final CourseportServerExtension server = new CourseportServerExtension();

  @RegisterExtension
  @Order(2)
  static final BrowserHarness browser = BrowserHarness.chromiumOnly();

  private static final String FORCED =
      "scorm2004-3rd__rustici-golf__SequencingForcedSequential_SCORM20043rdEdition.zip";
  private static final String POST_TEST =
      "scorm2004-4th__rustici-golf__SequencingPostTestRollup4thEd_SCORM20044thEdition.zip";

  private static final String PLAYING = "playing_item";
  private static final String ETIQUETTE = "etuqiette_item"; // sic, as the manifest spells it
  private static final String HANDICAPPING = "handicapping_item";
  private static final String HAVING_FUN = "havingfun_item";
  private static final String ASSESSMENT = "assessment_item";
  private static final List<String> CONTENT = List.of(PLAYING, ETIQUETTE, HANDICAPPING, HAVING_FUN);

  private final LaunchApi api = new LaunchApi(server);

  private void report(String course, String session, Player player) {
    browser.onFailureReport(
        () ->
            "TOC: "
                + player.toc()
                + "\nstored session: "
                + api.stored(course, session).map(LaunchApi::describe).orElse("(none)"));
  }

  @Test
  void forcedSequentialOpensEachScoOnlyAfterThePreviousIsSatisfied() {
    String course = api.importCourse("forced-" + UUID.randomUUID(), corpus(FORCED));
    String session = UUID.randomUUID().toString();
    PackageLaunchResponse launch = api.launch(course, "learner-seq", session);
    Player player = new Player(browser.driver());
    report(course, session, player);
    player.open(launch.getLaunchUrl());

    assertThat(player.launchData().path("standard").asText()).isEqualTo("scorm2004");
    assertThat(player.launchData().path("sequencing").isObject()).isTrue();
    player.awaitItem(PLAYING);
    GolfSco sco = new GolfSco(player, false).awaitStarted();
    // At the start only the first SCO can be chosen.
    assertThat(player.choosable(PLAYING)).isTrue();
    for (String later : List.of(ETIQUETTE, HANDICAPPING, HAVING_FUN, ASSESSMENT)) {
      assertThat(player.tocDisabled(later)).as("%s disabled at the start", later).isTrue();
    }
    assertThat(player.enabled("cp-prev")).as("#cp-prev at the start").isFalse();
    // Choosing a disabled item does nothing.
    player.choose(HANDICAPPING);
    assertThat(player.currentItemId()).isEqualTo(PLAYING);

    // Satisfying the first SCO (its last page sets completed + passed and commits) lets flow on.
    assertThat(sco.pages()).isEqualTo(5);
    sco.toLastPage();
    api.awaitStored(
        course,
        session,
        "the first SCO's satisfied state",
        sco(PLAYING, s -> "passed".equals(s.successStatus())));
    player.next().awaitItem(ETIQUETTE);
    sco.awaitStarted();
    assertThat(sco.pages()).isEqualTo(3);
    // Satisfied and ended, the first SCO is open for review; the later ones are still disabled.
    player.awaitChoosable(PLAYING);
    for (String later : List.of(HANDICAPPING, HAVING_FUN, ASSESSMENT)) {
      assertThat(player.tocDisabled(later)).as("%s disabled after one SCO", later).isTrue();
    }

    // Choice: satisfy Etiquette, review Playing from the TOC, then pick Handicapping in the TOC.
    sco.toLastPage();
    player.choose(PLAYING).awaitItem(PLAYING);
    sco.awaitStarted();
    player.awaitChoosable(HANDICAPPING);
    assertThat(player.tocDisabled(HAVING_FUN)).isTrue();
    assertThat(player.tocDisabled(ASSESSMENT)).isTrue();
    player.choose(HANDICAPPING).awaitItem(HANDICAPPING);
    sco.awaitStarted();
    assertThat(sco.pages()).isEqualTo(4);
    assertThat(player.tocDisabled(HAVING_FUN)).isTrue();

    LaunchSession stored =
        api.awaitStored(
            course,
            session,
            "Etiquette's satisfied state",
            sco(ETIQUETTE, s -> "passed".equals(s.successStatus())));
    // (Playing was reviewed: a new attempt of it runs, so its own state started over.)
    assertThat(stored.scos().get(ETIQUETTE).completionStatus()).isEqualTo("completed");
    assertThat(stored.scos()).doesNotContainKeys(HAVING_FUN, ASSESSMENT);
  }

  @Test
  void nextAtTheStartOfForcedSequentialNeitherSkipsNorBreaksTheRunningSco() {
    String course = api.importCourse("forced-next-" + UUID.randomUUID(), corpus(FORCED));
    String session = UUID.randomUUID().toString();
    PackageLaunchResponse launch = api.launch(course, "learner-seq", session);
    Player player = new Player(browser.driver());
    report(course, session, player);
    player.open(launch.getLaunchUrl()).awaitItem(PLAYING);
    GolfSco sco = new GolfSco(player, false).awaitStarted();

    // Flow cannot skip the unsatisfied SCO: #cp-next is disabled, or leaves the SCO running.
    if (player.enabled("cp-next")) {
      player.next();
      player.awaitItem(PLAYING);
      assertThat(sco.api("cmi.completion_status")).isEqualTo("incomplete");
    }
    sco.toLastPage();
    api.awaitStored(
        course,
        session,
        "the first SCO's satisfied state",
        sco(PLAYING, s -> "passed".equals(s.successStatus())));
    player.next().awaitItem(ETIQUETTE);
  }

  @Test
  void postTestRollupSatisfiesTheCourseOnlyThroughThePostTest() {
    String course = api.importCourse("post-test-" + UUID.randomUUID(), corpus(POST_TEST));
    String session = UUID.randomUUID().toString();
    PackageLaunchResponse launch = api.launch(course, "learner-ptr", session);
    Player player = new Player(browser.driver());
    report(course, session, player);
    player.open(launch.getLaunchUrl());
    player.awaitItem(PLAYING);

    // The post-test is hidden from choice until the content is completed.
    assertThat(player.choosable(ASSESSMENT)).as("the post-test at the start").isFalse();
    assertThat(player.tocDisabled(ETIQUETTE)).isTrue();

    // Complete the four content SCOs in order with #cp-next.
    for (int i = 0; i < CONTENT.size(); i++) {
      String item = CONTENT.get(i);
      if (i > 0) {
        player.next().awaitItem(item);
      }
      GolfSco sco = new GolfSco(player, false).startWithoutJquery();
      sco.toLastPage();
      api.awaitStored(
          course,
          session,
          item + " completed",
          sco(item, s -> "completed".equals(s.completionStatus())));
    }

    // Every content SCO is completed, yet the course is neither completed nor satisfied.
    LaunchSessionProgress before = api.progress(course, session);
    assertThat(before.getCompletionStatus()).isNotEqualTo("completed");
    assertThat(before.getSuccessStatus()).isEqualTo("unknown");
    assertThat(before.hasScore()).isFalse();

    // Flow goes on to the post-test (hidden from choice does not stop flow); passing it satisfies
    // and completes the course.
    player.next().awaitItem(ASSESSMENT);
    GolfSco test = new GolfSco(player, false).startWithoutJquery();
    assertThat(test.answerAssessment(true)).isEqualTo(100);
    player.exit();

    LaunchSession stored =
        api.awaitStored(
            course,
            session,
            "the passed post-test rolled up to the session",
            s -> "passed".equals(s.successStatus()));
    assertThat(stored.scos().get(ASSESSMENT).successStatus()).isEqualTo("passed");
    LaunchSessionProgress after = api.progress(course, session);
    assertThat(after.getSuccessStatus()).isEqualTo("passed");
    assertThat(after.getCompletionStatus()).isEqualTo("completed");
    assertThat(after.getScore()).isEqualTo(100.0);
  }
}
