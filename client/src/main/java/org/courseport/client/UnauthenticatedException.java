package org.courseport.client;

import io.grpc.Status;
import java.util.Map;

/** The API key is missing, malformed or unknown. */
public class UnauthenticatedException extends CourseportException {
  private static final long serialVersionUID = 1L;

  public UnauthenticatedException(
      Status status, String reason, Map<String, String> metadata, Throwable cause) {
    super(status, reason, metadata, cause);
  }
}
