package org.courseport.client;

import io.grpc.Status;
import java.util.Map;

/** The call conflicts with the current state (for example a job still running). */
public class FailedPreconditionException extends CourseportException {
  private static final long serialVersionUID = 1L;

  public FailedPreconditionException(
      Status status, String reason, Map<String, String> metadata, Throwable cause) {
    super(status, reason, metadata, cause);
  }
}
