package org.courseport.client;

import io.grpc.Status;
import java.util.Map;

/** The course, version, job or file named does not exist for the caller's tenant. */
public class NotFoundException extends CourseportException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(
      Status status, String reason, Map<String, String> metadata, Throwable cause) {
    super(status, reason, metadata, cause);
  }
}
