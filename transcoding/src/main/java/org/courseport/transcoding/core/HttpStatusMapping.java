package org.courseport.transcoding.core;

import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.annotation.Nullable;
import io.grpc.Status.Code;
import java.util.Locale;

/**
 * gRPC code to HTTP status, and back for errors raised before a call. An {@code ErrorInfo} may
 * override the code's status with metadata {@value #HTTP_STATUS_KEY} (a 4xx/5xx number);
 * RESOURCE_EXHAUSTED is 413 when the reason says something is too large, else 429.
 */
public final class HttpStatusMapping {

  /** ErrorInfo metadata key that names the HTTP status explicitly, e.g. {@code "402"}. */
  public static final String HTTP_STATUS_KEY = "http_status";

  private HttpStatusMapping() {}

  /** The statuses of google/rpc/code.proto, used by the AIP-193 body. */
  public static HttpStatus standard(RpcError error) {
    HttpStatus explicit = explicit(error);
    if (explicit != null) {
      return explicit;
    }
    return switch (error.code()) {
      case OK -> HttpStatus.OK;
      case CANCELLED -> HttpStatus.valueOf(499);
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> HttpStatus.BAD_REQUEST;
      case DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case ALREADY_EXISTS, ABORTED -> HttpStatus.CONFLICT;
      case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
      case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
      case RESOURCE_EXHAUSTED -> exhausted(error);
      case UNIMPLEMENTED -> HttpStatus.NOT_IMPLEMENTED;
      case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
      default -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  /** The gRPC code that best names an HTTP error raised before any call. */
  public static Code toCode(HttpStatus status) {
    return switch (status.code()) {
      case 400, 405, 411, 414, 415, 422, 431 -> Code.INVALID_ARGUMENT;
      case 401 -> Code.UNAUTHENTICATED;
      case 403 -> Code.PERMISSION_DENIED;
      case 404 -> Code.NOT_FOUND;
      case 408, 504 -> Code.DEADLINE_EXCEEDED;
      case 409 -> Code.ALREADY_EXISTS;
      case 413, 429 -> Code.RESOURCE_EXHAUSTED;
      case 501 -> Code.UNIMPLEMENTED;
      case 503 -> Code.UNAVAILABLE;
      default -> status.isClientError() ? Code.INVALID_ARGUMENT : Code.INTERNAL;
    };
  }

  /** RESOURCE_EXHAUSTED: 413 when the reason says something is too large, else 429. */
  public static HttpStatus exhausted(RpcError error) {
    String reason = error.reason();
    if (reason != null && reason.toUpperCase(Locale.ROOT).contains("TOO_LARGE")) {
      return HttpStatus.REQUEST_ENTITY_TOO_LARGE;
    }
    return HttpStatus.TOO_MANY_REQUESTS;
  }

  /** The status an {@code ErrorInfo} names with {@value #HTTP_STATUS_KEY}, or null. */
  @Nullable
  public static HttpStatus explicit(RpcError error) {
    String value = error.metadata(HTTP_STATUS_KEY);
    if (value == null) {
      return null;
    }
    try {
      int code = Integer.parseInt(value.trim());
      return code >= 400 && code <= 599 ? HttpStatus.valueOf(code) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
