package org.courseport.server.domain.launch;

import java.time.Duration;
import java.util.List;

/**
 * The stored run-time state of one SCO in a launch session.
 *
 * @param itemId the manifest item identifier
 * @param cmiJson the full CMI data model as last committed (scorm-again's JSON of {@code cmi}),
 *     which a relaunch loads back
 * @param completionStatus SCORM 2004 {@code cmi.completion_status}, or derived from 1.2's {@code
 *     cmi.core.lesson_status}: completed, incomplete, not attempted, unknown
 * @param successStatus passed, failed, unknown
 * @param scoreScaled scaled score in [-1, 1], null when none
 * @param scoreRaw raw score, null when none
 * @param location the bookmark
 * @param suspendData the suspend data
 * @param exit the last {@code cmi.exit} / {@code cmi.core.exit} value
 * @param totalTime time of the closed SCO sessions plus the latest session_time of the open one
 * @param attemptKey the player's key of the latest SCO session (a new key closes the previous one)
 * @param lastSessionTime the latest session_time of the open SCO session
 * @param seq the highest {@code seq} stored for {@code attemptKey} (a commit at or below it is
 *     stale: a beacon that arrived after a later fetch)
 * @param closedAttemptKeys the keys of the latest closed SCO sessions (at most {@value
 *     #CLOSED_KEYS_KEPT}), whose late commits are ignored
 */
public record ScoState(
    String itemId,
    String cmiJson,
    String completionStatus,
    String successStatus,
    Double scoreScaled,
    Double scoreRaw,
    String location,
    String suspendData,
    String exit,
    Duration totalTime,
    String attemptKey,
    Duration lastSessionTime,
    long seq,
    List<String> closedAttemptKeys) {

  /** How many closed attempt keys a SCO remembers. */
  public static final int CLOSED_KEYS_KEPT = 16;

  public ScoState {
    closedAttemptKeys = closedAttemptKeys == null ? List.of() : List.copyOf(closedAttemptKeys);
  }

  /** A state without commit bookkeeping (seq 0, no closed attempts). */
  public ScoState(
      String itemId,
      String cmiJson,
      String completionStatus,
      String successStatus,
      Double scoreScaled,
      Double scoreRaw,
      String location,
      String suspendData,
      String exit,
      Duration totalTime,
      String attemptKey,
      Duration lastSessionTime) {
    this(
        itemId,
        cmiJson,
        completionStatus,
        successStatus,
        scoreScaled,
        scoreRaw,
        location,
        suspendData,
        exit,
        totalTime,
        attemptKey,
        lastSessionTime,
        0,
        List.of());
  }
}
