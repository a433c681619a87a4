package org.courseport.server.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.mongodb.MongoException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.courseport.server.domain.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses: a {@link DomainException} becomes a {@code
 * google.rpc.Status} with its code, message and one {@code ErrorInfo} (reason, domain, metadata); a
 * failure of the document store (a {@code MongoException} anywhere in the causes) becomes
 * UNAVAILABLE {@value #STORE_UNAVAILABLE} with a {@value #RETRY_AFTER_SECONDS} hint; anything else
 * becomes INTERNAL without leaking details. Expected failures log at DEBUG, an unreachable store at
 * WARN without a stack trace, unexpected ones at ERROR.
 */
public final class GrpcErrorMapper {
  /** The ErrorInfo domain of every Courseport error. */
  public static final String DOMAIN = "courseport.org";

  /** The ErrorInfo reason of a call that failed because the document store did not answer. */
  public static final String STORE_UNAVAILABLE = "STORE_UNAVAILABLE";

  /** ErrorInfo metadata: seconds the caller should wait before trying again (Retry-After). */
  public static final String RETRY_AFTER_SECONDS = "retry_after_seconds";

  /** What a caller is told to wait when the store is away. */
  static final int STORE_RETRY_AFTER_SECONDS = 5;

  private static final int MAX_CAUSES = 16;

  private static final Logger log = LoggerFactory.getLogger(GrpcErrorMapper.class);

  private GrpcErrorMapper() {}

  /** Maps any throwable to a status exception carrying rich details. */
  public static StatusRuntimeException toStatusException(Throwable t) {
    if (t instanceof StatusRuntimeException sre) {
      return sre;
    }
    if (t instanceof DomainException de) {
      log.debug("{}: {}", de.reason(), de.getMessage());
      return build(code(de.kind()), de.getMessage(), de.reason(), de.metadata());
    }
    MongoException store = storeFailure(t);
    if (store != null) {
      return storeUnavailable(store);
    }
    log.error("Unexpected failure", t);
    return build(Code.INTERNAL, "Internal error", "INTERNAL", java.util.Map.of());
  }

  /** The first {@code MongoException} among {@code t} and its causes, or null. */
  static MongoException storeFailure(Throwable t) {
    Throwable c = t;
    for (int i = 0; c != null && i < MAX_CAUSES; i++, c = c.getCause()) {
      if (c instanceof MongoException m) {
        return m;
      }
    }
    return null;
  }

  private static StatusRuntimeException storeUnavailable(MongoException e) {
    boolean unreachable =
        e instanceof MongoTimeoutException
            || e instanceof MongoSocketException
            || e instanceof MongoInterruptedException;
    String message;
    if (unreachable) {
      // Expected while the store is away: one line, no stack trace (the health watcher says more).
      log.warn("Document store unreachable: {}", e.getClass().getSimpleName());
      message = "The document store is unreachable; try again later.";
    } else {
      log.error("Document store failure", e);
      message = "The document store could not complete the request; try again later.";
    }
    return build(
        Code.UNAVAILABLE,
        message,
        STORE_UNAVAILABLE,
        java.util.Map.of(RETRY_AFTER_SECONDS, Integer.toString(STORE_RETRY_AFTER_SECONDS)));
  }

  private static StatusRuntimeException build(
      Code code, String message, String reason, java.util.Map<String, String> metadata) {
    ErrorInfo.Builder info =
        ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).putAllMetadata(metadata);
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.getNumber())
            .setMessage(message == null ? "" : message)
            .addDetails(Any.pack(info.build()))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  static Code code(DomainException.Kind kind) {
    return switch (kind) {
      case INVALID_ARGUMENT -> Code.INVALID_ARGUMENT;
      case NOT_FOUND -> Code.NOT_FOUND;
      case ALREADY_EXISTS -> Code.ALREADY_EXISTS;
      case UNAUTHENTICATED -> Code.UNAUTHENTICATED;
      case PERMISSION_DENIED -> Code.PERMISSION_DENIED;
      case FAILED_PRECONDITION -> Code.FAILED_PRECONDITION;
      case RESOURCE_EXHAUSTED -> Code.RESOURCE_EXHAUSTED;
      case UNAVAILABLE -> Code.UNAVAILABLE;
      case ABORTED -> Code.ABORTED;
      case INTERNAL -> Code.INTERNAL;
    };
  }

  /** The grpc-java status code of a kind (for tests and logs). */
  public static Status.Code statusCode(DomainException.Kind kind) {
    return Status.Code.valueOf(code(kind).name());
  }
}
