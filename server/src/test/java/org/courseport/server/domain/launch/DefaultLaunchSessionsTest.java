package org.courseport.server.domain.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.courseport.server.domain.launch.LaunchFixture.COURSE;
import static org.courseport.server.domain.launch.LaunchFixture.TENANT;
import static org.courseport.server.domain.launch.LaunchFixture.tracked;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.xapi.StatementQuery;
import org.courseport.server.domain.xapi.StoredStatement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Starting, committing to and resuming sessions, stored on the embedded MongoDB. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DefaultLaunchSessionsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  LaunchFixture fx;
  DefaultLaunchSessions sessions;

  @BeforeAll
  void start() throws Exception {
    fx = new LaunchFixture();
    sessions = fx.sessions(fx.sessionRepo);
  }

  @AfterAll
  void stop() throws Exception {
    fx.close();
  }

  @BeforeEach
  void empty() {
    fx.empty();
  }

  /** SCORM 1.2 CMI as scorm-again renders it. */
  static String cmi12(String status, String location, String suspend, String exit, String time) {
    return "{\"core\":{\"student_id\":\"u-1\",\"lesson_location\":\""
        + location
        + "\",\"lesson_status\":\""
        + status
        + "\",\"entry\":\"\",\"exit\":\""
        + exit
        + "\",\"session_time\":\""
        + time
        + "\",\"score\":{\"raw\":\"\",\"min\":\"\",\"max\":\"\"}},\"suspend_data\":\""
        + suspend
        + "\",\"interactions\":{}}";
  }

  static String scorm2004(String completion, String success, String scaled, String time) {
    return "{\"completion_status\":\""
        + completion
        + "\",\"success_status\":\""
        + success
        + "\",\"entry\":\"ab-initio\",\"exit\":\"\",\"location\":\"\",\"suspend_data\":\"\","
        + "\"session_time\":\""
        + time
        + "\",\"score\":{\"scaled\":\""
        + scaled
        + "\",\"raw\":\"\",\"min\":\"\",\"max\":\"\"}}";
  }

  @Test
  void start_createsThenResumesCountingLaunches_andRefusesAnotherUser() {
    LaunchSessions.Started first = sessions.start(TENANT, COURSE, 1, "scorm12", "s-1", "u-1");
    assertThat(first.resumed()).isFalse();
    assertThat(first.session().launchCount()).isEqualTo(1);
    assertThat(first.session().completionStatus()).isEqualTo("not attempted");
    assertThat(first.session().registrationId())
        .isEqualTo(DefaultLaunchSessions.registrationId(TENANT, COURSE, "s-1"))
        .isNotEqualTo(DefaultLaunchSessions.registrationId(TENANT, "other", "s-1"));

    LaunchSessions.Started again = sessions.start(TENANT, COURSE, 2, "scorm12", "s-1", "u-1");
    assertThat(again.resumed()).isTrue();
    assertThat(again.session().launchCount()).isEqualTo(2);
    assertThat(again.session().version()).isEqualTo(1); // a resumed session keeps its version
    assertThat(fx.sessionRepo.find(TENANT, COURSE, "s-1").orElseThrow().launchCount()).isEqualTo(2);

    assertThatThrownBy(() -> sessions.start(TENANT, COURSE, 1, "scorm12", "s-1", "u-2"))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DomainException.Kind.FAILED_PRECONDITION);
              assertThat(e.reason()).isEqualTo("SESSION_CONFLICT");
            });
    assertThat(sessions.count(TENANT, COURSE, null)).isEqualTo(1);
    assertThat(sessions.count(TENANT, COURSE, 1)).isEqualTo(1);
    assertThat(sessions.count(TENANT, COURSE, 2)).isZero();
  }

  @Test
  void start_refusesEmptyOrLongIdsAndOtherStandards() {
    assertThatThrownBy(() -> sessions.start(TENANT, COURSE, 1, "scorm12", " ", "u"))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("INVALID_SESSION_ID");
              assertThat(e.getMessage())
                  .isEqualTo("session_id must be 1 to 255 characters, not empty.");
            });
    assertThatThrownBy(() -> sessions.start(TENANT, COURSE, 1, "scorm12", "s", "u".repeat(256)))
        .isInstanceOfSatisfying(
            DomainException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo("user_id must be 1 to 255 characters, not 256 characters."));
    assertThatThrownBy(() -> sessions.start(TENANT, COURSE, 1, "cmi5", "s", "u"))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("UNSUPPORTED_STANDARD"));
    assertThat(sessions.count(TENANT, COURSE, null)).isZero();
  }

  @Test
  void start_aUuidSessionIdIsTheRegistration() {
    String uuid = "0b6e7a4c-6d57-4c4e-9a43-3f3f1d1b2a10";
    assertThat(sessions.start(TENANT, COURSE, 1, "scorm2004", uuid, "u").session().registrationId())
        .isEqualTo(uuid);
  }

  @Test
  void commit_previewIsRefusedAndNothingIsStored() {
    assertThatThrownBy(
            () ->
                sessions.commit(
                    LaunchFixture.preview(),
                    new RuntimeCommit("intro", "k", 1, false, cmi12("passed", "", "", "", ""))))
        .isInstanceOfSatisfying(
            CommitRefusedException.class, e -> assertThat(e.code()).isEqualTo("PREVIEW"));
    assertThat(sessions.resume(LaunchFixture.preview())).isEqualTo(ResumeData.NONE);
    assertThat(fx.statementCount()).isZero();
  }

  @Test
  void commit_invalidDataOrUnknownItemStoresNothing() {
    sessions.start(TENANT, COURSE, 1, "scorm12", "s-1", "u-1");
    String tooLong = cmi12("incomplete", "", "x".repeat(4097), "", "00:00:10");
    assertThatThrownBy(
            () ->
                sessions.commit(
                    tracked("s-1", "u-1"), new RuntimeCommit("intro", "k", 1, false, tooLong)))
        .isInstanceOfSatisfying(
            CommitRefusedException.class,
            e -> assertThat(e.code()).isEqualTo("SUSPEND_DATA_TOO_LONG"));
    assertThatThrownBy(
            () ->
                sessions.commit(
                    tracked("s-1", "u-1"),
                    new RuntimeCommit("nope", "k", 1, false, cmi12("passed", "", "", "", ""))))
        .isInstanceOfSatisfying(
            CommitRefusedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("UNKNOWN_SCO");
              assertThat(e.getMessage()).contains("'nope'");
            });
    assertThatThrownBy(
            () ->
                sessions.commit(
                    tracked("s-9", "u-1"),
                    new RuntimeCommit("intro", "k", 1, false, cmi12("passed", "", "", "", ""))))
        .isInstanceOfSatisfying(
            CommitRefusedException.class, e -> assertThat(e.code()).isEqualTo("UNKNOWN_SESSION"));
    LaunchSession stored = fx.sessionRepo.find(TENANT, COURSE, "s-1").orElseThrow();
    assertThat(stored.revision()).isZero();
    assertThat(stored.scos()).isEmpty();
    assertThat(fx.statementCount()).isZero();
  }

  @Test
  void commit_seqAndAttemptKeysAccountTimeOnce() {
    sessions.start(TENANT, COURSE, 1, "scorm12", "s-1", "u-1");
    LaunchGrant g = tracked("s-1", "u-1");
    sessions.commit(
        g,
        new RuntimeCommit("intro", "k1", 1, false, cmi12("incomplete", "p1", "", "", "00:00:30")));
    LaunchSession s =
        sessions.commit(
            g,
            new RuntimeCommit(
                "intro", "k1", 2, false, cmi12("incomplete", "p2", "", "", "00:00:45")));
    // The same SCO session reports its session time again: it replaces, not adds.
    assertThat(s.scos().get("intro").totalTime()).isEqualTo(Duration.ofSeconds(45));

    // A beacon with an older seq arriving late is ignored.
    LaunchSession stale =
        sessions.commit(
            g,
            new RuntimeCommit(
                "intro", "k1", 1, true, cmi12("incomplete", "p0", "", "", "00:00:20")));
    assertThat(stale.revision()).isEqualTo(s.revision());
    assertThat(fx.sessionRepo.find(TENANT, COURSE, "s-1").orElseThrow().location()).isEqualTo("p2");

    // A new SCO session closes the first: 45 s stay, 10 s are added.
    LaunchSession second =
        sessions.commit(
            g,
            new RuntimeCommit(
                "intro", "k2", 1, false, cmi12("incomplete", "p3", "", "", "00:00:10")));
    assertThat(second.scos().get("intro").totalTime()).isEqualTo(Duration.ofSeconds(55));
    assertThat(second.scos().get("intro").closedAttemptKeys()).containsExactly("k1");
    // A late commit of the closed session changes nothing.
    LaunchSession late =
        sessions.commit(
            g,
            new RuntimeCommit(
                "intro", "k1", 9, true, cmi12("completed", "p9", "", "", "00:05:00")));
    assertThat(late.revision()).isEqualTo(second.revision());

    LaunchSession stored = fx.sessionRepo.find(TENANT, COURSE, "s-1").orElseThrow();
    assertThat(stored.totalTime()).isEqualTo(Duration.ofSeconds(55));
    assertThat(stored.location()).isEqualTo("p3");
    assertThat(stored.lastItemId()).isEqualTo("intro");
    JsonNode cmi = read(stored.scos().get("intro").cmiJson());
    assertThat(cmi.path("core").path("total_time").asText()).isEqualTo("0000:00:55.00");
    assertThat(cmi.path("core").path("session_time").asText()).isEqualTo("00:00:00");
  }

  @Test
  void commit_retriedCommitStoresItsStatementsOnce() {
    sessions.start(TENANT, COURSE, 1, "scorm12", "s-1", "u-1");
    LaunchGrant g = tracked("s-1", "u-1");
    RuntimeCommit c =
        new RuntimeCommit("intro", "k1", 1, true, cmi12("completed", "", "", "", "00:01:00"));
    sessions.commit(g, c);
    assertThat(verbs()).containsExactly("initialized", "completed", "terminated");
    sessions.commit(g, c);
    assertThat(fx.statementCount()).isEqualTo(3);
  }

  @Test
  void commit_rollsUpOverTheScos() {
    sessions.start(TENANT, COURSE, 1, "scorm12", "s-1", "u-1");
    LaunchGrant g = tracked("s-1", "u-1");
    LaunchSession one =
        sessions.commit(
            g,
            new RuntimeCommit(
                "intro", "a", 1, true, cmi12("completed", "end", "", "", "00:02:00")));
    assertThat(one.completionStatus()).isEqualTo("incomplete");
    String passed =
        "{\"core\":{\"lesson_status\":\"passed\",\"lesson_location\":\"q9\",\"session_time\":\"00:03:00\","
            + "\"score\":{\"raw\":\"90\",\"min\":\"0\",\"max\":\"100\"}}}";
    LaunchSession both = sessions.commit(g, new RuntimeCommit("quiz", "b", 1, true, passed));
    assertThat(both.completionStatus()).isEqualTo("completed");
    assertThat(both.successStatus()).isEqualTo("passed");
    assertThat(both.scoreRaw()).isEqualTo(90.0);
    assertThat(both.scoreScaled()).isEqualTo(0.9);
    assertThat(both.location()).isEqualTo("q9");
    assertThat(both.lastItemId()).isEqualTo("quiz");
    assertThat(both.totalTime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(fx.sessionRepo.find(TENANT, COURSE, "s-1").orElseThrow()).isEqualTo(both);
  }

  @Test
  void commit_scorm2004_completionAndSuccessAreStoredAsReported() {
    sessions.start(TENANT, COURSE, 1, "scorm2004", "s-4", "u-1");
    LaunchGrant g = tracked("s-4", "u-1");
    sessions.commit(
        g,
        new RuntimeCommit("intro", "a", 1, false, scorm2004("completed", "unknown", "", "PT10S")));
    LaunchSession s =
        sessions.commit(
            g,
            new RuntimeCommit(
                "quiz", "b", 1, false, scorm2004("completed", "failed", "0.3", "PT20S")));
    assertThat(s.completionStatus()).isEqualTo("completed");
    assertThat(s.successStatus()).isEqualTo("failed");
    assertThat(s.scoreScaled()).isEqualTo(0.3);
    assertThat(s.totalTime()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void resume_restoresTheBookmarkAndSaysResumeOrAbInitioPerSco() {
    sessions.start(TENANT, COURSE, 1, "scorm12", "s-1", "u-1");
    LaunchGrant g = tracked("s-1", "u-1");
    assertThat(sessions.resume(g))
        .isEqualTo(new ResumeData(null, java.util.Map.of(), java.util.Map.of()));
    sessions.commit(
        g,
        new RuntimeCommit("quiz", "a", 1, true, cmi12("completed", "", "", "logout", "00:00:05")));
    // 1.2 packages that never set exit: suspend data and a bookmark on an incomplete SCO resume.
    sessions.commit(
        g,
        new RuntimeCommit(
            "intro", "b", 1, true, cmi12("incomplete", "page-7", "{\\\"p\\\":7}", "", "00:00:05")));
    ResumeData r = sessions.resume(g);
    assertThat(r.lastItemId()).isEqualTo("intro");
    assertThat(r.entryByItem()).containsEntry("intro", "resume").containsEntry("quiz", "ab-initio");
    JsonNode intro = read(r.cmiByItem().get("intro"));
    assertThat(intro.path("core").path("lesson_location").asText()).isEqualTo("page-7");
    assertThat(intro.path("suspend_data").asText()).isEqualTo("{\"p\":7}");

    sessions.commit(
        g,
        new RuntimeCommit("quiz", "c", 1, true, cmi12("completed", "", "", "suspend", "00:00:05")));
    assertThat(sessions.resume(g).entryByItem()).containsEntry("quiz", "resume");
  }

  @Test
  void resume_ruleOnScoStates() {
    assertThat(DefaultLaunchSessions.resumes(state("completed", "x", "", ""))).isFalse();
    assertThat(DefaultLaunchSessions.resumes(state("incomplete", "", "", ""))).isFalse();
    assertThat(DefaultLaunchSessions.resumes(state("incomplete", "", "loc", ""))).isTrue();
    assertThat(DefaultLaunchSessions.resumes(state("incomplete", "x", "", "normal"))).isFalse();
    assertThat(DefaultLaunchSessions.resumes(state("completed", "", "", "suspend"))).isTrue();
  }

  @Test
  void courseDeletion_removesSessionsAndStatements() {
    sessions.start(TENANT, COURSE, 1, "scorm12", "s-1", "u-1");
    sessions.commit(
        tracked("s-1", "u-1"),
        new RuntimeCommit("intro", "a", 1, false, cmi12("incomplete", "", "", "", "")));
    LaunchDataCleanup cleanup = new LaunchDataCleanup(fx.sessionRepo, fx.statementRepo);
    cleanup.versionDeleted(TENANT, COURSE, 2);
    assertThat(sessions.count(TENANT, COURSE, null)).isEqualTo(1);
    assertThat(fx.statementCount()).isEqualTo(1);
    cleanup.versionDeleted(TENANT, COURSE, 1);
    assertThat(sessions.count(TENANT, COURSE, null)).isZero();
    assertThat(fx.statementCount()).isZero();
    sessions.start(TENANT, COURSE, 1, "scorm12", "s-2", "u-1");
    sessions.commit(
        tracked("s-2", "u-1"),
        new RuntimeCommit("intro", "a", 1, false, cmi12("incomplete", "", "", "", "")));
    cleanup.courseDeleted(TENANT, COURSE);
    assertThat(sessions.count(TENANT, COURSE, null)).isZero();
    assertThat(fx.statementCount()).isZero();
  }

  static ScoState state(String completion, String suspend, String location, String exit) {
    return new ScoState(
        "i",
        "{}",
        completion,
        "unknown",
        null,
        null,
        location,
        suspend,
        exit,
        Duration.ZERO,
        "k",
        Duration.ZERO);
  }

  List<String> verbs() {
    return fx
        .statementRepo
        .find(new StatementQuery(TENANT, COURSE, null, null, null, null, null, 100))
        .statements()
        .stream()
        .map(StoredStatement::json)
        .map(DefaultLaunchSessionsTest::read)
        .map(j -> j.path("verb").path("display").path("en-US").asText())
        .toList();
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
