package org.courseport.client;

import io.grpc.Status;
import java.util.Map;

/** The call, or a wait for an import job, ran out of time. */
public class DeadlineExceededException extends CourseportException {
  private static final long serialVersionUID = 1L;

  public DeadlineExceededException(
      Status status, String reason, Map<String, String> metadata, Throwable cause) {
    super(status, reason, metadata, cause);
  }
}
