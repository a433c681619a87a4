package org.courseport.server.domain.launch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rolls the SCOs' states up into the session's completion, success and score, without the player's
 * SCORM 2004 sequencing rollup (which stays in the browser), the way SCORM 1.2 LMSs do and the same
 * for 2004:
 *
 * <ul>
 *   <li>One SCO: its own values.
 *   <li>Completion: {@code completed} when every SCO is completed; {@code incomplete} when at least
 *       one was launched (has a state other than not attempted); else {@code not attempted}.
 *   <li>Success: {@code failed} when any SCO failed; {@code passed} when at least one passed, none
 *       failed and every SCO is completed (a course is not passed while parts of it are unseen);
 *       else {@code unknown}.
 *   <li>Score: the average of the scaled scores of the SCOs that have one (likewise the raw
 *       scores); null when none has.
 *   <li>Total time: the sum of the SCOs' total times (assets included).
 * </ul>
 *
 * SCO here means the catalog's SCOs; when the catalog lists none (a package of assets only), every
 * item with a state counts.
 */
public final class Rollup {
  private Rollup() {}

  /** The rolled-up values. */
  public record Result(
      String completionStatus,
      String successStatus,
      Double scoreScaled,
      Double scoreRaw,
      Duration totalTime) {}

  /** Rolls up {@code states} over {@code scoIds}. */
  public static Result of(List<String> scoIds, Map<String, ScoState> states) {
    List<String> ids = scoIds.isEmpty() ? List.copyOf(states.keySet()) : scoIds;
    Duration total =
        states.values().stream()
            .map(ScoState::totalTime)
            .filter(Objects::nonNull)
            .reduce(Duration.ZERO, Duration::plus);
    if (ids.size() == 1) {
      ScoState s = states.get(ids.get(0));
      if (s == null) {
        return new Result("not attempted", "unknown", null, null, total);
      }
      return new Result(
          s.completionStatus(), s.successStatus(), s.scoreScaled(), s.scoreRaw(), total);
    }
    int completed = 0;
    int launched = 0;
    boolean failed = false;
    boolean passed = false;
    double scaledSum = 0;
    int scaledCount = 0;
    double rawSum = 0;
    int rawCount = 0;
    for (String id : ids) {
      ScoState s = states.get(id);
      if (s == null) {
        continue;
      }
      if ("completed".equals(s.completionStatus())) {
        completed++;
      }
      if (!"not attempted".equals(s.completionStatus())) {
        launched++;
      }
      failed |= "failed".equals(s.successStatus());
      passed |= "passed".equals(s.successStatus());
      if (s.scoreScaled() != null) {
        scaledSum += s.scoreScaled();
        scaledCount++;
      }
      if (s.scoreRaw() != null) {
        rawSum += s.scoreRaw();
        rawCount++;
      }
    }
    boolean allCompleted = !ids.isEmpty() && completed == ids.size();
    String completion = allCompleted ? "completed" : launched > 0 ? "incomplete" : "not attempted";
    String success = failed ? "failed" : passed && allCompleted ? "passed" : "unknown";
    return new Result(
        completion,
        success,
        scaledCount == 0 ? null : scaledSum / scaledCount,
        rawCount == 0 ? null : rawSum / rawCount,
        total);
  }
}
