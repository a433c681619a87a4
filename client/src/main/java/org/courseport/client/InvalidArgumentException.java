package org.courseport.client;

import io.grpc.Status;
import java.util.Map;

/** The request or the uploaded package is unusable as sent. */
public class InvalidArgumentException extends CourseportException {
  private static final long serialVersionUID = 1L;

  public InvalidArgumentException(
      Status status, String reason, Map<String, String> metadata, Throwable cause) {
    super(status, reason, metadata, cause);
  }
}
