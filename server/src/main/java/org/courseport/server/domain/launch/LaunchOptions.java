package org.courseport.server.domain.launch;

/**
 * How the player behaves for one launch. Every field may be null (the player's default).
 *
 * @param redirectOnExitUrl an absolute http(s) URL, or {@code closer}, {@code blank}, {@code
 *     message}; null shows the player's own "you can close this window" page
 * @param startSco item identifier of the SCO to start with, bypassing sequencing
 * @param culture culture code for the player's texts (e.g. {@code en-US})
 * @param cssUrl absolute https URL of CSS the player page links
 * @param launchType {@code FRAMESET} (the package in an iframe of the player page) or {@code
 *     NEW_WINDOW} (the player page opens the package in a new window), from PlayerLaunchType
 * @param autoCommitSeconds PlayerAutoCommitSeconds (0: commit only when the content does)
 * @param scorm12MasteryOverride PlayerScorm12MasteryOverride
 * @param learnerName display name for cmi.core.student_name / cmi.learner_name; null: the user id
 */
public record LaunchOptions(
    String redirectOnExitUrl,
    String startSco,
    String culture,
    String cssUrl,
    String launchType,
    int autoCommitSeconds,
    boolean scorm12MasteryOverride,
    String learnerName) {

  /** No options: the player's defaults. */
  public static final LaunchOptions DEFAULTS =
      new LaunchOptions(null, null, null, null, "FRAMESET", 0, false, null);
}
