package org.courseport.server.domain.launch;

/**
 * Told after a commit was stored that changed a tracked session's rolled-up state (completion,
 * success, scaled or raw score, total time), e.g. to send the registration postback. Called on the
 * committing thread once the conditional replace succeeded; it must not block for long and its
 * failures do not undo the commit.
 */
@FunctionalInterface
public interface SessionChangeListener {
  /** Does nothing. */
  SessionChangeListener NONE = (before, after) -> {};

  /**
   * The session changed.
   *
   * @param before the stored session the commit was applied to
   * @param after the session as now stored
   */
  void changed(LaunchSession before, LaunchSession after);

  /** Whether {@code before} and {@code after} differ in their rolled-up state. */
  static boolean rollupChanged(LaunchSession before, LaunchSession after) {
    return !java.util.Objects.equals(before.completionStatus(), after.completionStatus())
        || !java.util.Objects.equals(before.successStatus(), after.successStatus())
        || !java.util.Objects.equals(before.scoreScaled(), after.scoreScaled())
        || !java.util.Objects.equals(before.scoreRaw(), after.scoreRaw())
        || !java.util.Objects.equals(before.totalTime(), after.totalTime());
  }
}
