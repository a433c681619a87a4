package org.courseport.client;

import io.grpc.Status;
import java.util.Map;

/** The API key may not perform this call. */
public class PermissionDeniedException extends CourseportException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(
      Status status, String reason, Map<String, String> metadata, Throwable cause) {
    super(status, reason, metadata, cause);
  }
}
