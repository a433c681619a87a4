package org.courseport.client;

import io.grpc.Status;
import java.util.Map;

/** The server could not be reached or is shutting down; the call may be retried. */
public class UnavailableException extends CourseportException {
  private static final long serialVersionUID = 1L;

  public UnavailableException(
      Status status, String reason, Map<String, String> metadata, Throwable cause) {
    super(status, reason, metadata, cause);
  }
}
