package org.courseport.server.domain.launch;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.DomainException.Kind;
import org.courseport.server.domain.xapi.Interaction;
import org.courseport.server.domain.xapi.StatementFactory;
import org.courseport.server.domain.xapi.StatementRepository;
import org.courseport.server.domain.xapi.StoredStatement;

/**
 * {@link LaunchSessions} on a {@link LaunchSessionRepository}: every change is a replace
 * conditional on the session's revision, re-read and re-applied when another change came first.
 *
 * <p>A commit is validated ({@link CmiReader}) before anything is stored. Its statements are
 * computed from the difference between the stored SCO state and the committed one and inserted
 * before the session is replaced: their ids are deterministic, so when the replace does not happen
 * (a crash, a conflict) the retried or re-applied commit finds them stored and adds nothing twice.
 *
 * <p>Commit bookkeeping per SCO: a commit whose {@code attemptKey} is the stored one and whose
 * {@code seq} is not above the stored seq is stale (a beacon that arrived after a later fetch) and
 * ignored; a new key closes the previous SCO session, whose session time stays in the total; a
 * commit with the key of a closed session is ignored.
 */
public final class DefaultLaunchSessions implements LaunchSessions {
  /** How often a commit or start is re-applied after losing a race before giving up. */
  static final int MAX_ATTEMPTS = 32;

  private static final Set<String> ENDED_EXITS = Set.of("logout", "normal", "time-out");

  private final LaunchSessionRepository sessions;
  private final StatementRepository statements;
  private final ScoCatalog catalog;
  private final Clock clock;
  private final SessionChangeListener listener;

  public DefaultLaunchSessions(
      LaunchSessionRepository sessions,
      StatementRepository statements,
      ScoCatalog catalog,
      Clock clock) {
    this(sessions, statements, catalog, clock, SessionChangeListener.NONE);
  }

  /**
   * Sessions whose stored commits that change the rolled-up state (completion, success, score,
   * total time) are told to {@code listener}.
   */
  public DefaultLaunchSessions(
      LaunchSessionRepository sessions,
      StatementRepository statements,
      ScoCatalog catalog,
      Clock clock,
      SessionChangeListener listener) {
    this.sessions = sessions;
    this.statements = statements;
    this.catalog = catalog;
    this.clock = clock;
    this.listener = java.util.Objects.requireNonNull(listener, "listener");
  }

  @Override
  public Started start(
      String tenantId,
      String courseId,
      int version,
      String standard,
      String sessionId,
      String userId) {
    if (!"scorm12".equals(standard) && !"scorm2004".equals(standard)) {
      throw DomainException.invalid(
          "UNSUPPORTED_STANDARD",
          "Only SCORM 1.2 and SCORM 2004 courses can be launched in a tracked session, not "
              + standard
              + ".");
    }
    checkId(sessionId, "INVALID_SESSION_ID", "session_id");
    checkId(userId, "INVALID_USER_ID", "user_id");
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<LaunchSession> existing = sessions.find(tenantId, courseId, sessionId);
      if (existing.isPresent()) {
        LaunchSession s = existing.get();
        if (!s.userId().equals(userId)) {
          throw new DomainException(
              Kind.FAILED_PRECONDITION,
              "SESSION_CONFLICT",
              "Session '"
                  + sessionId
                  + "' of this course belongs to another user; use a new session id.",
              Map.of("session_id", sessionId));
        }
        LaunchSession relaunched = withLaunch(s, s.launchCount() + 1, clock.instant());
        if (sessions.replace(relaunched, s.revision())) {
          return new Started(relaunched, true);
        }
        continue;
      }
      Instant now = clock.instant();
      LaunchSession created =
          new LaunchSession(
              tenantId,
              courseId,
              version,
              sessionId,
              registrationId(tenantId, courseId, sessionId),
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
              now,
              now);
      if (sessions.insert(created)) {
        return new Started(created, false);
      }
    }
    throw contended(sessionId);
  }

  private static void checkId(String value, String reason, String name) {
    if (value == null || value.isBlank() || value.length() > 255) {
      throw DomainException.invalid(
          reason,
          name
              + " must be 1 to 255 characters, not "
              + (value == null || value.isBlank() ? "empty" : value.length() + " characters")
              + ".");
    }
  }

  /**
   * The registration UUID of a session: the session id itself when it is a UUID, else a name-based
   * UUID of the tenant, course and session id.
   */
  public static String registrationId(String tenantId, String courseId, String sessionId) {
    try {
      UUID uuid = UUID.fromString(sessionId);
      if (uuid.toString().equalsIgnoreCase(sessionId)) {
        return uuid.toString();
      }
    } catch (IllegalArgumentException e) {
      // not a UUID
    }
    String name = "courseport-session\n" + tenantId + "\n" + courseId + "\n" + sessionId;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Override
  public Optional<LaunchSession> find(String tenantId, String courseId, String sessionId) {
    return sessions.find(tenantId, courseId, sessionId);
  }

  @Override
  public ResumeData resume(LaunchGrant grant) {
    if (grant.mode() != LaunchMode.TRACKED) {
      return ResumeData.NONE;
    }
    Optional<LaunchSession> found =
        sessions.find(grant.tenantId(), grant.courseId(), grant.sessionId());
    if (found.isEmpty()) {
      return ResumeData.NONE;
    }
    LaunchSession s = found.get();
    Map<String, String> cmi = new LinkedHashMap<>();
    Map<String, String> entry = new LinkedHashMap<>();
    for (ScoState sco : s.scos().values()) {
      cmi.put(sco.itemId(), sco.cmiJson());
      entry.put(sco.itemId(), resumes(sco) ? "resume" : "ab-initio");
    }
    return new ResumeData(s.lastItemId(), cmi, entry);
  }

  /**
   * Whether a SCO's next launch resumes it: its last exit was {@code suspend}, or it holds suspend
   * data or a bookmark and is not completed (many SCORM 1.2 packages never set exit), unless it
   * ended its attempt explicitly ({@code logout}, {@code normal}, {@code time-out}).
   */
  static boolean resumes(ScoState sco) {
    String exit = sco.exit() == null ? "" : sco.exit();
    if ("suspend".equals(exit)) {
      return true;
    }
    if (ENDED_EXITS.contains(exit)) {
      return false;
    }
    boolean hasState =
        (sco.suspendData() != null && !sco.suspendData().isEmpty())
            || (sco.location() != null && !sco.location().isEmpty());
    return hasState && !"completed".equals(sco.completionStatus());
  }

  @Override
  public LaunchSession commit(LaunchGrant grant, RuntimeCommit commit) {
    if (grant.mode() != LaunchMode.TRACKED) {
      throw new CommitRefusedException(
          "PREVIEW", "This is a preview: nothing is tracked, so commits are not stored.");
    }
    checkShape(commit);
    LaunchSession first =
        sessions
            .find(grant.tenantId(), grant.courseId(), grant.sessionId())
            .orElseThrow(
                () ->
                    new CommitRefusedException(
                        "UNKNOWN_SESSION",
                        "Launch session '" + grant.sessionId() + "' does not exist any more."));
    ScoCatalog.Layout layout =
        catalog
            .layout(first.tenantId(), first.courseId(), first.version())
            .orElseThrow(
                () ->
                    new CommitRefusedException(
                        "UNKNOWN_COURSE",
                        "Version "
                            + first.version()
                            + " of course '"
                            + first.courseId()
                            + "' does not exist any more."));
    ScoCatalog.Item item =
        layout
            .item(commit.itemId())
            .orElseThrow(
                () ->
                    new CommitRefusedException(
                        "UNKNOWN_SCO",
                        "Item '"
                            + commit.itemId()
                            + "' is not a launchable item of this course version."));
    CmiData data = CmiReader.read(first.standard(), commit.cmiJson());
    LaunchSession current = first;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Applied> applied = apply(current, layout, item, commit, data, clock.instant());
      if (applied.isEmpty()) {
        return current; // stale: nothing to store
      }
      if (!applied.get().statements().isEmpty()) {
        statements.insertAll(applied.get().statements());
      }
      if (sessions.replace(applied.get().session(), current.revision())) {
        notifyChange(current, applied.get().session());
        return applied.get().session();
      }
      current =
          sessions
              .find(grant.tenantId(), grant.courseId(), grant.sessionId())
              .orElseThrow(
                  () ->
                      new CommitRefusedException(
                          "UNKNOWN_SESSION",
                          "Launch session '" + grant.sessionId() + "' was deleted."));
    }
    throw contended(grant.sessionId());
  }

  /** Tells the listener about a stored commit that changed the rollup; its failures are logged. */
  private void notifyChange(LaunchSession before, LaunchSession after) {
    if (!SessionChangeListener.rollupChanged(before, after)) {
      return;
    }
    try {
      listener.changed(before, after);
    } catch (RuntimeException e) {
      // The commit is stored; a failing listener (postback) must not fail the player's commit.
      LOG.warn("session change listener failed for session {}", after.sessionId(), e);
    }
  }

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(DefaultLaunchSessions.class);

  private static void checkShape(RuntimeCommit c) {
    if (c.itemId() == null || c.itemId().isBlank()) {
      throw new CommitRefusedException("INVALID_COMMIT", "The commit names no itemId.");
    }
    if (c.attemptKey() == null || c.attemptKey().isBlank() || c.attemptKey().length() > 128) {
      throw new CommitRefusedException(
          "INVALID_COMMIT", "The commit's attemptKey must be 1 to 128 characters.");
    }
    if (c.seq() < 0) {
      throw new CommitRefusedException(
          "INVALID_COMMIT", "The commit's seq must not be negative, got " + c.seq() + ".");
    }
  }

  /** The session with the commit applied, and its statements; empty when the commit is stale. */
  record Applied(LaunchSession session, List<StoredStatement> statements) {}

  static Optional<Applied> apply(
      LaunchSession session,
      ScoCatalog.Layout layout,
      ScoCatalog.Item item,
      RuntimeCommit commit,
      CmiData data,
      Instant now) {
    ScoState old = session.scos().get(commit.itemId());
    boolean sameAttempt = old != null && commit.attemptKey().equals(old.attemptKey());
    if (sameAttempt && commit.seq() <= old.seq()) {
      return Optional.empty();
    }
    if (old != null && old.closedAttemptKeys().contains(commit.attemptKey())) {
      return Optional.empty();
    }
    Duration closed =
        old == null
            ? Duration.ZERO
            : sameAttempt ? old.totalTime().minus(old.lastSessionTime()) : old.totalTime();
    Duration total = closed.plus(data.sessionTime());
    List<String> closedKeys = old == null ? List.of() : old.closedAttemptKeys();
    if (old != null && !sameAttempt && old.attemptKey() != null) {
      List<String> keys = new ArrayList<>(closedKeys);
      keys.add(old.attemptKey());
      closedKeys = keys.subList(Math.max(0, keys.size() - ScoState.CLOSED_KEYS_KEPT), keys.size());
    }
    ScoState next =
        new ScoState(
            commit.itemId(),
            CmiReader.storedJson(data, total),
            data.completionStatus(),
            data.successStatus(),
            data.scoreScaled(),
            data.scoreRaw(),
            data.location(),
            data.suspendData(),
            data.exit(),
            total,
            commit.attemptKey(),
            data.sessionTime(),
            commit.seq(),
            closedKeys);
    Map<String, ScoState> scos = new HashMap<>(session.scos());
    scos.put(next.itemId(), next);
    Rollup.Result rollup = Rollup.of(layout.scoIds(), scos);
    LaunchSession updated =
        new LaunchSession(
            session.tenantId(),
            session.courseId(),
            session.version(),
            session.sessionId(),
            session.registrationId(),
            session.userId(),
            session.standard(),
            rollup.completionStatus(),
            rollup.successStatus(),
            rollup.scoreScaled(),
            rollup.scoreRaw(),
            next.location(),
            next.itemId(),
            rollup.totalTime(),
            scos,
            session.launchCount(),
            session.revision() + 1,
            session.created(),
            now);
    // The state the statements compare with: the stored one within the same SCO session or when
    // the new session resumes it; a fresh attempt starts from nothing.
    CmiData baseline =
        old != null && (sameAttempt || data.resumed())
            ? CmiReader.read(session.standard(), old.cmiJson())
            : null;
    List<StoredStatement> implied =
        statements(session, layout, item, commit, data, baseline, sameAttempt, now);
    return Optional.of(new Applied(updated, implied));
  }

  private static final StatementFactory FACTORY = new StatementFactory();

  static List<StoredStatement> statements(
      LaunchSession session,
      ScoCatalog.Layout layout,
      ScoCatalog.Item item,
      RuntimeCommit commit,
      CmiData data,
      CmiData baseline,
      boolean sameAttempt,
      Instant now) {
    StatementFactory.Batch batch =
        FACTORY.batch(
            new StatementFactory.Target(
                session.tenantId(),
                session.courseId(),
                layout.courseTitle(),
                session.version(),
                session.userId(),
                session.registrationId(),
                session.sessionId(),
                item.id(),
                item.title(),
                commit.attemptKey(),
                commit.seq(),
                now));
    if (!sameAttempt) {
      batch.initialized();
    }
    Map<Integer, Interaction> before = new HashMap<>();
    if (baseline != null) {
      baseline.interactions().forEach(i -> before.put(i.index(), i));
    }
    for (Interaction i : data.interactions()) {
      if (!i.sameAnswer(before.get(i.index())) && (i.response() != null || i.result() != null)) {
        batch.answered(i);
      }
    }
    String completionBefore = baseline == null ? "not attempted" : baseline.completionStatus();
    boolean completed = "completed".equals(data.completionStatus());
    if (completed && !"completed".equals(completionBefore)) {
      batch.completed();
    }
    String successBefore = baseline == null ? "unknown" : baseline.successStatus();
    String success = data.successStatus();
    if (("passed".equals(success) || "failed".equals(success)) && !success.equals(successBefore)) {
      batch.judged(
          "passed".equals(success),
          new StatementFactory.Score(
              data.scoreScaled(), data.scoreRaw(), data.scoreMin(), data.scoreMax()),
          completed);
    }
    if (commit.finalCommit()) {
      batch.terminated(data.sessionTime());
    }
    return batch.statements();
  }

  @Override
  public long count(String tenantId, String courseId, Integer version) {
    return sessions.count(tenantId, courseId, version);
  }

  @Override
  public Map<String, Long> countEach(String tenantId, Collection<String> courseIds) {
    return sessions.countEach(tenantId, courseIds);
  }

  private static LaunchSession withLaunch(LaunchSession s, int launchCount, Instant now) {
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
        s.revision() + 1,
        s.created(),
        now);
  }

  private static DomainException contended(String sessionId) {
    return new DomainException(
        Kind.ABORTED,
        "SESSION_CONTENDED",
        "Launch session '" + sessionId + "' is changing too often right now; try again.");
  }
}
