package org.courseport.server.domain.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.courseport.server.domain.launch.LaunchFixture.COURSE;
import static org.courseport.server.domain.launch.LaunchFixture.TENANT;
import static org.courseport.server.domain.launch.LaunchFixture.tracked;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Concurrent changes to one session on the embedded MongoDB: a latch holds two callers until both
 * have read the same revision, so one of them must lose the conditional replace and re-apply.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LaunchSessionsConcurrencyTest {
  LaunchFixture fx;
  ExecutorService pool;

  @BeforeAll
  void start() throws Exception {
    fx = new LaunchFixture();
  }

  @AfterAll
  void stop() throws Exception {
    fx.close();
  }

  @BeforeEach
  void setUp() {
    fx.empty();
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  static String cmi(String status, String location, String time) {
    return "{\"core\":{\"lesson_status\":\""
        + status
        + "\",\"lesson_location\":\""
        + location
        + "\",\"session_time\":\""
        + time
        + "\"}}";
  }

  @Test
  void twoConcurrentCommitsToOneSessionBothLand() throws Exception {
    DefaultLaunchSessions plain = fx.sessions(fx.sessionRepo);
    long before = plain.start(TENANT, COURSE, 1, "scorm12", "s-1", "u-1").session().revision();
    RacingRepository racing = new RacingRepository(fx.sessionRepo, 2);
    DefaultLaunchSessions sessions = fx.sessions(racing);
    LaunchGrant g = tracked("s-1", "u-1");
    Future<LaunchSession> intro =
        pool.submit(
            () ->
                sessions.commit(
                    g,
                    new RuntimeCommit(
                        "intro", "a", 1, false, cmi("completed", "i-9", "00:01:00"))));
    Future<LaunchSession> quiz =
        pool.submit(
            () ->
                sessions.commit(
                    g,
                    new RuntimeCommit(
                        "quiz", "b", 1, false, cmi("incomplete", "q-2", "00:02:00"))));
    intro.get(30, TimeUnit.SECONDS);
    quiz.get(30, TimeUnit.SECONDS);

    assertThat(racing.conflicts.get()).isEqualTo(1); // the latch made them race; one re-applied
    LaunchSession stored = fx.sessionRepo.find(TENANT, COURSE, "s-1").orElseThrow();
    assertThat(stored.revision()).isEqualTo(before + 2);
    assertThat(stored.scos().keySet()).containsExactlyInAnyOrder("intro", "quiz");
    assertThat(stored.scos().get("intro").location()).isEqualTo("i-9");
    assertThat(stored.scos().get("quiz").location()).isEqualTo("q-2");
    assertThat(stored.totalTime()).isEqualTo(Duration.ofMinutes(3));
    assertThat(stored.completionStatus()).isEqualTo("incomplete");
    // intro: initialized + completed; quiz: initialized.
    assertThat(fx.statementCount()).isEqualTo(3);
  }

  @Test
  void twoConcurrentStartsOfANewSessionMakeOneSessionLaunchedTwice() throws Exception {
    RacingRepository racing = new RacingRepository(fx.sessionRepo, 2);
    DefaultLaunchSessions sessions = fx.sessions(racing);
    Future<LaunchSessions.Started> a =
        pool.submit(() -> sessions.start(TENANT, COURSE, 1, "scorm12", "s-2", "u-1"));
    Future<LaunchSessions.Started> b =
        pool.submit(() -> sessions.start(TENANT, COURSE, 1, "scorm12", "s-2", "u-1"));
    List<Boolean> resumed =
        List.of(a.get(30, TimeUnit.SECONDS).resumed(), b.get(30, TimeUnit.SECONDS).resumed());
    assertThat(resumed).containsExactlyInAnyOrder(true, false);
    assertThat(fx.sessionRepo.find(TENANT, COURSE, "s-2").orElseThrow().launchCount()).isEqualTo(2);
    assertThat(fx.sessionRepo.count(TENANT, COURSE, null)).isEqualTo(1);
  }

  @Test
  void aCommitRetriedAfterItsSessionWriteFailedStoresItsStatementsOnce() {
    DefaultLaunchSessions plain = fx.sessions(fx.sessionRepo);
    plain.start(TENANT, COURSE, 1, "scorm12", "s-3", "u-1");
    FailingOnceRepository failing = new FailingOnceRepository(fx.sessionRepo);
    DefaultLaunchSessions sessions = fx.sessions(failing);
    RuntimeCommit c = new RuntimeCommit("intro", "a", 1, true, cmi("completed", "", "00:00:30"));
    assertThatThrownBy(() -> sessions.commit(tracked("s-3", "u-1"), c))
        .hasMessage("connection lost");
    assertThat(fx.statementCount()).isEqualTo(3); // written before the session
    assertThat(fx.sessionRepo.find(TENANT, COURSE, "s-3").orElseThrow().scos()).isEmpty();

    LaunchSession s = sessions.commit(tracked("s-3", "u-1"), c);
    assertThat(s.scos().get("intro").completionStatus()).isEqualTo("completed");
    assertThat(s.completionStatus()).isEqualTo("incomplete"); // the quiz is still to do
    assertThat(fx.statementCount()).isEqualTo(3); // initialized, completed, terminated: once
  }

  /** Holds the first {@code parties} finds until all of them have read; counts lost replaces. */
  static final class RacingRepository implements LaunchSessionRepository {
    final LaunchSessionRepository delegate;
    final CountDownLatch allRead;
    final AtomicInteger conflicts = new AtomicInteger();

    RacingRepository(LaunchSessionRepository delegate, int parties) {
      this.delegate = delegate;
      this.allRead = new CountDownLatch(parties);
    }

    @Override
    public Optional<LaunchSession> find(String tenantId, String courseId, String sessionId) {
      Optional<LaunchSession> found = delegate.find(tenantId, courseId, sessionId);
      if (allRead.getCount() > 0) {
        allRead.countDown();
        try {
          if (!allRead.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("the other caller never read the session");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
      return found;
    }

    @Override
    public boolean insert(LaunchSession session) {
      boolean ok = delegate.insert(session);
      if (!ok) {
        conflicts.incrementAndGet();
      }
      return ok;
    }

    @Override
    public boolean replace(LaunchSession session, long expectedRevision) {
      boolean ok = delegate.replace(session, expectedRevision);
      if (!ok) {
        conflicts.incrementAndGet();
      }
      return ok;
    }

    @Override
    public long count(String tenantId, String courseId, Integer version) {
      return delegate.count(tenantId, courseId, version);
    }

    @Override
    public long deleteForCourse(String tenantId, String courseId) {
      return delegate.deleteForCourse(tenantId, courseId);
    }

    @Override
    public long deleteForVersion(String tenantId, String courseId, int version) {
      return delegate.deleteForVersion(tenantId, courseId, version);
    }
  }

  /** Fails the first replace as a lost connection would. */
  static final class FailingOnceRepository implements LaunchSessionRepository {
    final LaunchSessionRepository delegate;
    final AtomicInteger replaces = new AtomicInteger();

    FailingOnceRepository(LaunchSessionRepository delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<LaunchSession> find(String tenantId, String courseId, String sessionId) {
      return delegate.find(tenantId, courseId, sessionId);
    }

    @Override
    public boolean insert(LaunchSession session) {
      return delegate.insert(session);
    }

    @Override
    public boolean replace(LaunchSession session, long expectedRevision) {
      if (replaces.getAndIncrement() == 0) {
        throw new IllegalStateException("connection lost");
      }
      return delegate.replace(session, expectedRevision);
    }

    @Override
    public long count(String tenantId, String courseId, Integer version) {
      return delegate.count(tenantId, courseId, version);
    }

    @Override
    public long deleteForCourse(String tenantId, String courseId) {
      return delegate.deleteForCourse(tenantId, courseId);
    }

    @Override
    public long deleteForVersion(String tenantId, String courseId, int version) {
      return delegate.deleteForVersion(tenantId, courseId, version);
    }
  }
}
