package org.courseport.client;

import io.grpc.Status;
import java.util.Map;

/** A limit was hit: rate limit, quota or maximum upload size. */
public class ResourceExhaustedException extends CourseportException {
  private static final long serialVersionUID = 1L;

  public ResourceExhaustedException(
      Status status, String reason, Map<String, String> metadata, Throwable cause) {
    super(status, reason, metadata, cause);
  }
}
