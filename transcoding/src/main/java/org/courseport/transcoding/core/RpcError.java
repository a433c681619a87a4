package org.courseport.transcoding.core;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.annotation.Nullable;
import io.grpc.Status;
import io.grpc.Status.Code;
import io.grpc.protobuf.StatusProto;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A failed call (or a request rejected before the call), as the REST renderers see it: the gRPC
 * code, a message, the one {@code ErrorInfo} if the status carries it, and all status details.
 */
public record RpcError(
    Code code, String message, @Nullable ErrorInfo errorInfo, List<Any> details) {

  /** The binary trailer in which gRPC carries a serialized {@code google.rpc.Status}. */
  public static final String STATUS_DETAILS_KEY = "grpc-status-details-bin";

  public RpcError {
    message = message == null || message.isBlank() ? defaultMessage(code) : message;
    details = List.copyOf(details);
  }

  /** An error without details, for requests rejected before an RPC runs. */
  public static RpcError of(Code code, String message) {
    return new RpcError(code, message, null, List.of());
  }

  /** The error a call through a gRPC channel failed with. */
  public static RpcError fromThrowable(Throwable cause) {
    Status status = Status.fromThrowable(cause);
    return from(status, StatusProto.fromThrowable(cause));
  }

  /** The error of a transcoded call: its status and the trailers it ended with. */
  public static RpcError fromTrailers(Status status, HttpHeaders trailers) {
    String encoded = trailers.get(STATUS_DETAILS_KEY);
    com.google.rpc.Status rich = null;
    if (encoded != null) {
      try {
        rich = com.google.rpc.Status.parseFrom(Base64.getDecoder().decode(encoded));
      } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
        rich = null; // A malformed detail trailer must not hide the status itself.
      }
    }
    return from(status, rich);
  }

  private static RpcError from(Status status, @Nullable com.google.rpc.Status rich) {
    if (rich == null || rich.getCode() != status.getCode().value()) {
      return new RpcError(status.getCode(), status.getDescription(), null, List.of());
    }
    String message = rich.getMessage().isEmpty() ? status.getDescription() : rich.getMessage();
    return new RpcError(
        status.getCode(), message, errorInfo(rich.getDetailsList()), rich.getDetailsList());
  }

  @Nullable
  private static ErrorInfo errorInfo(List<Any> details) {
    for (Any detail : details) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return detail.unpack(ErrorInfo.class);
        } catch (InvalidProtocolBufferException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** The {@code ErrorInfo} reason, or null when there is none. */
  @Nullable
  public String reason() {
    return errorInfo == null || errorInfo.getReason().isEmpty() ? null : errorInfo.getReason();
  }

  /** An {@code ErrorInfo} metadata value, or null. */
  @Nullable
  public String metadata(String key) {
    return errorInfo == null ? null : errorInfo.getMetadataMap().get(key);
  }

  private static String defaultMessage(Code code) {
    return switch (code) {
      case INVALID_ARGUMENT -> "Invalid request.";
      case NOT_FOUND -> "Not found.";
      case UNAUTHENTICATED -> "Authorization Required.";
      case PERMISSION_DENIED -> "Permission denied.";
      case UNAVAILABLE -> "Service unavailable.";
      default ->
          code.name().charAt(0)
              + code.name().substring(1).toLowerCase(Locale.ROOT).replace('_', ' ')
              + '.';
    };
  }
}
