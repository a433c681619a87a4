package org.courseport.server.launch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.launch.LaunchGrant;
import org.courseport.server.domain.launch.LaunchSession;
import org.courseport.server.domain.launch.LaunchSessions;
import org.courseport.server.domain.launch.ResumeData;
import org.courseport.server.domain.launch.RuntimeCommit;
import org.courseport.server.domain.xapi.StatementPage;
import org.courseport.server.domain.xapi.StatementQuery;
import org.courseport.server.domain.xapi.StatementRepository;
import org.courseport.server.domain.xapi.StoredStatement;
import org.courseport.server.player.LaunchPlan;
import org.courseport.server.player.LaunchPlans;
import org.courseport.server.player.PlanItem;

/**
 * In-memory stand-ins for the collaborators other parts of issue 11 implement (the plan reader, the
 * run-time's sessions, the statement store), with the behaviour their interfaces document.
 */
final class LaunchFakes {
  private LaunchFakes() {}

  /** A SCORM 1.2 plan with two SCOs and an aggregation. */
  static LaunchPlan scorm12(String title) {
    return new LaunchPlan(
        "scorm12",
        title,
        List.of(
            item("agg", "Module", 0, null),
            item("sco_1", "Lesson 1", 1, "one/index.html"),
            item("sco_2", "Lesson 2", 1, "two/index.html")),
        null,
        true,
        true,
        null);
  }

  static PlanItem item(String id, String title, int depth, String href) {
    return new PlanItem(
        id, title, depth, href, href != null, true, null, null, null, null, null, null);
  }

  /** Plans by course id; an unknown course is a SCORM 1.2 plan. */
  static final class Plans implements LaunchPlans {
    final Map<String, LaunchPlan> byCourse = new ConcurrentHashMap<>();

    @Override
    public LaunchPlan planFor(CourseVersion version) {
      return byCourse.getOrDefault(version.courseId(), scorm12(version.title()));
    }
  }

  /** Sessions in a map, as LaunchSessions documents them (start, resume, count). */
  static final class Sessions implements LaunchSessions {
    final Map<String, LaunchSession> byKey = new ConcurrentHashMap<>();
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);

    private static String key(String tenant, String course, String session) {
      return tenant + "\n" + course + "\n" + session;
    }

    @Override
    public Started start(
        String tenantId,
        String courseId,
        int version,
        String standard,
        String sessionId,
        String userId) {
      String key = key(tenantId, courseId, sessionId);
      LaunchSession existing = byKey.get(key);
      if (existing != null) {
        if (!existing.userId().equals(userId)) {
          throw new DomainException(
              DomainException.Kind.FAILED_PRECONDITION,
              "SESSION_CONFLICT",
              "Session '" + sessionId + "' belongs to another user");
        }
        LaunchSession again = with(existing, existing.launchCount() + 1);
        byKey.put(key, again);
        return new Started(again, true);
      }
      LaunchSession created =
          new LaunchSession(
              tenantId,
              courseId,
              version,
              sessionId,
              sessionId,
              userId,
              standard,
              "not attempted",
              "unknown",
              null,
              null,
              "",
              null,
              Duration.ZERO,
              Map.of(),
              1,
              0,
              now.get(),
              now.get());
      byKey.put(key, created);
      return new Started(created, false);
    }

    private static LaunchSession with(LaunchSession s, int launchCount) {
      return new LaunchSession(
          s.tenantId(),
          s.courseId(),
          s.version(),
          s.sessionId(),
          s.registrationId(),
          s.userId(),
          s.standard(),
          s.completionStatus(),
          s.successStatus(),
          s.scoreScaled(),
          s.scoreRaw(),
          s.location(),
          s.lastItemId(),
          s.totalTime(),
          s.scos(),
          launchCount,
          s.revision(),
          s.created(),
          s.updated());
    }

    /** Replaces a stored session (a test's stand-in for commits). */
    void put(LaunchSession s) {
      byKey.put(key(s.tenantId(), s.courseId(), s.sessionId()), s);
    }

    @Override
    public Optional<LaunchSession> find(String tenantId, String courseId, String sessionId) {
      return Optional.ofNullable(byKey.get(key(tenantId, courseId, sessionId)));
    }

    @Override
    public ResumeData resume(LaunchGrant grant) {
      return ResumeData.NONE;
    }

    @Override
    public LaunchSession commit(LaunchGrant grant, RuntimeCommit commit) {
      throw new UnsupportedOperationException("commits are the content origin's");
    }

    @Override
    public long count(String tenantId, String courseId, Integer version) {
      return byKey.values().stream()
          .filter(s -> s.tenantId().equals(tenantId) && s.courseId().equals(courseId))
          .filter(s -> version == null || s.version() == version)
          .count();
    }
  }

  /** Statements in a list, paged oldest first by (stored, id) with an offset token. */
  static final class Statements implements StatementRepository {
    final List<StoredStatement> all = new CopyOnWriteArrayList<>();
    final List<StatementQuery> queries = new CopyOnWriteArrayList<>();

    @Override
    public void insertAll(List<StoredStatement> statements) {
      for (StoredStatement s : statements) {
        if (all.stream().noneMatch(o -> o.id().equals(s.id()))) {
          all.add(s);
        }
      }
    }

    @Override
    public StatementPage find(StatementQuery q) {
      queries.add(q);
      int offset = 0;
      if (q.more() != null) {
        try {
          String decoded =
              new String(Base64.getUrlDecoder().decode(q.more()), StandardCharsets.UTF_8);
          if (!decoded.startsWith("o:")) {
            throw new IllegalArgumentException("not a token");
          }
          offset = Integer.parseInt(decoded.substring(2));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not a token", e);
        }
      }
      List<StoredStatement> matching = new ArrayList<>();
      all.stream()
          .filter(s -> s.tenantId().equals(q.tenantId()) && s.courseId().equals(q.courseId()))
          .filter(s -> q.version() == null || s.version() == q.version())
          .filter(s -> q.learnerId() == null || s.learnerId().equals(q.learnerId()))
          .filter(s -> q.since() == null || !s.stored().isBefore(q.since()))
          .filter(s -> q.until() == null || s.stored().isBefore(q.until()))
          .sorted(Comparator.comparing(StoredStatement::stored).thenComparing(StoredStatement::id))
          .forEach(matching::add);
      List<StoredStatement> page =
          matching.subList(
              Math.min(offset, matching.size()), Math.min(offset + q.pageSize(), matching.size()));
      String more =
          offset + q.pageSize() < matching.size()
              ? Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(("o:" + (offset + q.pageSize())).getBytes(StandardCharsets.UTF_8))
              : null;
      return new StatementPage(page, more);
    }

    @Override
    public long deleteForCourse(String tenantId, String courseId) {
      List<StoredStatement> gone =
          all.stream()
              .filter(s -> s.tenantId().equals(tenantId) && s.courseId().equals(courseId))
              .toList();
      all.removeAll(gone);
      return gone.size();
    }

    @Override
    public long deleteForVersion(String tenantId, String courseId, int version) {
      List<StoredStatement> gone =
          all.stream()
              .filter(s -> s.tenantId().equals(tenantId) && s.courseId().equals(courseId))
              .filter(s -> s.version() == version)
              .toList();
      all.removeAll(gone);
      return gone.size();
    }
  }

  /** A clock the test moves. */
  static final class SettableClock extends java.time.Clock {
    private final AtomicReference<Instant> now;

    SettableClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
