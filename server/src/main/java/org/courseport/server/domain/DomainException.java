package org.courseport.server.domain;

import java.util.Map;

/**
 * An expected failure of a domain operation, with a stable machine-readable reason (for example
 * {@code COURSE_NOT_FOUND}) and a message a user can act on. Transports map the {@link Kind} to
 * their own status codes in one place each; the domain never sees gRPC or HTTP types.
 */
public class DomainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The class of failure; transports map each kind to one status. */
  public enum Kind {
    INVALID_ARGUMENT,
    NOT_FOUND,
    ALREADY_EXISTS,
    UNAUTHENTICATED,
    PERMISSION_DENIED,
    FAILED_PRECONDITION,
    RESOURCE_EXHAUSTED,
    UNAVAILABLE,
    /** A concurrent operation holds what this one needs; retry later. */
    ABORTED,
    INTERNAL
  }

  private final Kind kind;
  private final String reason;
  private final Map<String, String> metadata;

  public DomainException(Kind kind, String reason, String message, Map<String, String> metadata) {
    super(message);
    this.kind = kind;
    this.reason = reason;
    this.metadata = Map.copyOf(metadata);
  }

  public DomainException(Kind kind, String reason, String message) {
    this(kind, reason, message, Map.of());
  }

  public static DomainException invalid(String reason, String message) {
    return new DomainException(Kind.INVALID_ARGUMENT, reason, message);
  }

  public static DomainException notFound(String reason, String message) {
    return new DomainException(Kind.NOT_FOUND, reason, message);
  }

  public static DomainException alreadyExists(String reason, String message) {
    return new DomainException(Kind.ALREADY_EXISTS, reason, message);
  }

  public Kind kind() {
    return kind;
  }

  public String reason() {
    return reason;
  }

  public Map<String, String> metadata() {
    return metadata;
  }
}
