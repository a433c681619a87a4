package org.courseport.server.domain.launch;

/** Whether a launch is tracked. */
public enum LaunchMode {
  /** A preview: read-only, nothing is stored, no statements. */
  PREVIEW,
  /** A launch session (registration): commits are stored and become xAPI statements. */
  TRACKED
}
