package org.courseport.server.domain.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.domain.launch.DefaultLaunchSessionsTest.cmi12;
import static org.courseport.server.domain.launch.LaunchFixture.COURSE;
import static org.courseport.server.domain.launch.LaunchFixture.LAYOUT;
import static org.courseport.server.domain.launch.LaunchFixture.TENANT;
import static org.courseport.server.domain.launch.LaunchFixture.tracked;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The hook DefaultLaunchSessions calls after a stored commit that changed the rollup. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionChangeListenerTest {
  LaunchFixture fx;
  final List<LaunchSession[]> calls = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    fx = new LaunchFixture();
  }

  @AfterAll
  void stop() throws Exception {
    fx.close();
  }

  @BeforeEach
  void empty() {
    fx.empty();
    calls.clear();
  }

  DefaultLaunchSessions sessions(SessionChangeListener listener) {
    return new DefaultLaunchSessions(
        fx.sessionRepo, fx.statementRepo, (t, c, v) -> Optional.of(LAYOUT), fx.clock, listener);
  }

  @Test
  void calledWithBeforeAndAfter_onlyWhenTheRollupChanged() {
    DefaultLaunchSessions sessions = sessions((b, a) -> calls.add(new LaunchSession[] {b, a}));
    sessions.start(TENANT, COURSE, 1, "scorm12", "s-1", "u-1");

    LaunchSession first =
        sessions.commit(
            tracked("s-1", "u-1"),
            new RuntimeCommit(
                "intro", "k1", 1, false, cmi12("incomplete", "p1", "", "", "00:00:30")));
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0)[0].completionStatus()).isEqualTo("not attempted");
    assertThat(calls.get(0)[0].totalTime()).isEqualTo(Duration.ZERO);
    assertThat(calls.get(0)[1]).isEqualTo(first);
    assertThat(calls.get(0)[1].completionStatus()).isEqualTo("incomplete");

    // Only the bookmark moves: stored, but completion, success, score and time are the same.
    LaunchSession moved =
        sessions.commit(
            tracked("s-1", "u-1"),
            new RuntimeCommit(
                "intro", "k1", 2, false, cmi12("incomplete", "p2", "", "", "00:00:30")));
    assertThat(moved.location()).isEqualTo("p2");
    assertThat(moved.revision()).isEqualTo(first.revision() + 1);
    // A stale commit is not stored at all.
    sessions.commit(
        tracked("s-1", "u-1"),
        new RuntimeCommit("intro", "k1", 1, true, cmi12("completed", "p0", "", "", "00:09:00")));
    assertThat(calls).hasSize(1);

    LaunchSession done =
        sessions.commit(
            tracked("s-1", "u-1"),
            new RuntimeCommit("quiz", "q1", 1, true, cmi12("passed", "", "", "", "00:00:10")));
    assertThat(calls).hasSize(2);
    assertThat(calls.get(1)[0]).isEqualTo(moved);
    assertThat(calls.get(1)[1]).isEqualTo(done);
    assertThat(done.totalTime()).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void aFailingListenerDoesNotFailTheStoredCommit() {
    DefaultLaunchSessions sessions =
        sessions(
            (b, a) -> {
              throw new IllegalStateException("receiver down");
            });
    sessions.start(TENANT, COURSE, 1, "scorm12", "s-2", "u-1");
    LaunchSession after =
        sessions.commit(
            tracked("s-2", "u-1"),
            new RuntimeCommit("intro", "k1", 1, true, cmi12("completed", "", "", "", "00:01:00")));
    assertThat(after.scos()).containsKey("intro");
    assertThat(fx.sessionRepo.find(TENANT, COURSE, "s-2")).hasValue(after);
  }
}
