package org.courseport.client;

import io.grpc.Status;
import java.util.Map;

/** The course exists and the call may not add a version to it. */
public class AlreadyExistsException extends CourseportException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(
      Status status, String reason, Map<String, String> metadata, Throwable cause) {
    super(status, reason, metadata, cause);
  }
}
