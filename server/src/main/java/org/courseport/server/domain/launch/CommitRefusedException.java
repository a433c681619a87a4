package org.courseport.server.domain.launch;

/**
 * A commit that cannot be stored: not JSON, an unknown SCO, a value outside the standard's data
 * model (e.g. SCORM 1.2 suspend_data above 4,096 characters, 2004 above 64,000), or a preview
 * token. The content origin answers it 400 (403 for a preview) with {@code {"error": code,
 * "message": …}}; nothing is stored.
 */
public final class CommitRefusedException extends RuntimeException {
  private final String code;

  public CommitRefusedException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** A stable code, e.g. {@code SUSPEND_DATA_TOO_LONG}, {@code UNKNOWN_SCO}, {@code PREVIEW}. */
  public String code() {
    return code;
  }
}
