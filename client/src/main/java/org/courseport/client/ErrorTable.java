package org.courseport.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.util.Map;

/**
 * The one table from a failed call to a typed exception: the {@code ErrorInfo.reason} decides
 * first, the status code when the reason is unknown or absent.
 */
final class ErrorTable {

  /** Creates the exception for one status. */
  @FunctionalInterface
  interface Factory {
    CourseportException create(
        Status status, String reason, Map<String, String> metadata, Throwable cause);
  }

  private static final Map<String, Factory> BY_REASON =
      Map.ofEntries(
          Map.entry("COURSE_NOT_FOUND", NotFoundException::new),
          Map.entry("VERSION_NOT_FOUND", NotFoundException::new),
          Map.entry("IMPORT_JOB_NOT_FOUND", NotFoundException::new),
          Map.entry("FILE_NOT_FOUND", NotFoundException::new),
          Map.entry("NOT_FOUND", NotFoundException::new),
          Map.entry("COURSE_EXISTS", AlreadyExistsException::new),
          Map.entry("VALIDATION_ERROR", InvalidArgumentException::new),
          Map.entry("INVALID_API_KEY", UnauthenticatedException::new),
          Map.entry("PAID_PLAN_REQUIRED", PermissionDeniedException::new),
          Map.entry("RATE_LIMIT_EXCEEDED", ResourceExhaustedException::new));

  private static final Map<Status.Code, Factory> BY_CODE =
      Map.ofEntries(
          Map.entry(Status.Code.NOT_FOUND, NotFoundException::new),
          Map.entry(Status.Code.ALREADY_EXISTS, AlreadyExistsException::new),
          Map.entry(Status.Code.INVALID_ARGUMENT, InvalidArgumentException::new),
          Map.entry(Status.Code.OUT_OF_RANGE, InvalidArgumentException::new),
          Map.entry(Status.Code.UNAUTHENTICATED, UnauthenticatedException::new),
          Map.entry(Status.Code.PERMISSION_DENIED, PermissionDeniedException::new),
          Map.entry(Status.Code.FAILED_PRECONDITION, FailedPreconditionException::new),
          Map.entry(Status.Code.ABORTED, FailedPreconditionException::new),
          Map.entry(Status.Code.RESOURCE_EXHAUSTED, ResourceExhaustedException::new),
          Map.entry(Status.Code.UNAVAILABLE, UnavailableException::new),
          Map.entry(Status.Code.DEADLINE_EXCEEDED, DeadlineExceededException::new));

  private ErrorTable() {}

  /** Turns a failure of a gRPC call (usually a StatusRuntimeException) into a typed exception. */
  static CourseportException toException(Throwable failure) {
    if (failure instanceof CourseportException typed) {
      return typed;
    }
    Status status = Status.fromThrowable(failure);
    ErrorInfo info = errorInfo(failure);
    Factory factory = BY_REASON.get(info.getReason());
    if (factory == null) {
      factory = BY_CODE.getOrDefault(status.getCode(), CourseportException::new);
    }
    return factory.create(status, info.getReason(), info.getMetadataMap(), failure);
  }

  private static ErrorInfo errorInfo(Throwable failure) {
    com.google.rpc.Status details = StatusProto.fromThrowable(failure);
    if (details == null) {
      return ErrorInfo.getDefaultInstance();
    }
    for (Any any : details.getDetailsList()) {
      if (any.is(ErrorInfo.class)) {
        try {
          return any.unpack(ErrorInfo.class);
        } catch (InvalidProtocolBufferException e) {
          return ErrorInfo.getDefaultInstance();
        }
      }
    }
    return ErrorInfo.getDefaultInstance();
  }
}
