package org.courseport.client;

import io.grpc.Status;
import java.util.Map;

/**
 * A failed Courseport call: the gRPC status, the server's stable reason from {@code
 * google.rpc.ErrorInfo} (for example {@code COURSE_NOT_FOUND}; empty when the server sent none) and
 * the ErrorInfo metadata. Subclasses name the common cases.
 */
public class CourseportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Status status;
  private final String reason;
  private final Map<String, String> metadata;

  public CourseportException(
      Status status, String reason, Map<String, String> metadata, Throwable cause) {
    super(messageOf(status), cause);
    this.status = status;
    this.reason = reason == null ? "" : reason;
    this.metadata = Map.copyOf(metadata);
  }

  /** The gRPC status of the failure. */
  public Status status() {
    return status;
  }

  /** The server's machine-readable reason, or the empty string when it gave none. */
  public String reason() {
    return reason;
  }

  /** The ErrorInfo metadata (for example the course id concerned). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The reason when present, else the status code name: what to show next to the message. */
  public String reasonOrCode() {
    return reason.isEmpty() ? status.getCode().name() : reason;
  }

  private static String messageOf(Status status) {
    String description = status.getDescription();
    return description == null || description.isBlank() ? status.getCode().name() : description;
  }
}
