package org.courseport.server.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.courseport.server.domain.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses: a {@link DomainException} becomes a {@code
 * google.rpc.Status} with its code, message and one {@code ErrorInfo} (reason, domain, metadata);
 * anything else becomes INTERNAL without leaking details. Expected failures log at DEBUG,
 * unexpected ones at ERROR.
 */
public final class GrpcErrorMapper {
  /** The ErrorInfo domain of every Courseport error. */
  public static final String DOMAIN = "courseport.org";

  private static final Logger log = LoggerFactory.getLogger(GrpcErrorMapper.class);

  private GrpcErrorMapper() {}

  /** Maps any throwable to a status exception carrying rich details. */
  public static StatusRuntimeException toStatusException(Throwable t) {
    if (t instanceof StatusRuntimeException sre) {
      return sre;
    }
    if (t instanceof DomainException de) {
      log.debug("{}: {}", de.reason(), de.getMessage());
      return build(code(de.kind()), de.getMessage(), de.reason(), de);
    }
    log.error("Unexpected failure", t);
    return build(Code.INTERNAL, "Internal error", "INTERNAL", null);
  }

  private static StatusRuntimeException build(
      Code code, String message, String reason, DomainException de) {
    ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN);
    if (de != null) {
      info.putAllMetadata(de.metadata());
    }
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
