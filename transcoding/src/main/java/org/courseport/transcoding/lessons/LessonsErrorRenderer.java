package org.courseport.transcoding.lessons;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.HttpStatusMapping;
import org.courseport.transcoding.core.RpcError;

/**
 * Lesson API errors, seed 001's body: {@code {"error": "Not Found", "message": "...", "code":
 * "NOT_FOUND", "timestamp": "2025-01-20T14:45:00.000Z"}}. {@code code} follows the status (400
 * {@code BAD_REQUEST}, 401 {@code UNAUTHORIZED}, 404 {@code NOT_FOUND}, 409 {@code CONFLICT}, 422
 * {@code INVALID_CONTENT}, 500 {@code INTERNAL_ERROR}, ...); the finer reason is in the {@code
 * x-courseport-reason} header. FAILED_PRECONDITION (content that cannot be published) is 422. A 500
 * never carries internals.
 */
public final class LessonsErrorRenderer extends ErrorRenderer {

  /** The one instance. */
  public static final LessonsErrorRenderer INSTANCE = new LessonsErrorRenderer(Clock.systemUTC());

  /** The seed's 401 message. */
  static final String AUTH_REQUIRED = "User authentication is required";

  /** The message of an unexpected failure. */
  static final String UNEXPECTED = "An unexpected error occurred";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final Clock clock;

  LessonsErrorRenderer(Clock clock) {
    this.clock = clock;
  }

  @Override
  protected HttpStatus status(RpcError error) {
    HttpStatus explicit = HttpStatusMapping.explicit(error);
    if (explicit != null) {
      return explicit;
    }
    return switch (error.code()) {
      case INVALID_ARGUMENT, OUT_OF_RANGE -> HttpStatus.BAD_REQUEST;
      case FAILED_PRECONDITION -> HttpStatus.UNPROCESSABLE_ENTITY;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case ALREADY_EXISTS, ABORTED -> HttpStatus.CONFLICT;
      case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
      case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
      case RESOURCE_EXHAUSTED -> HttpStatusMapping.exhausted(error);
      case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
      case DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT;
      default -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  @Override
  protected ObjectNode body(HttpStatus status, RpcError error) {
    return JSON.createObjectNode()
        .put("error", errorClass(status))
        .put("message", message(status, error))
        .put("code", code(status))
        .put("timestamp", TIMESTAMP.format(clock.instant()));
  }

  @Override
  protected void addHeaders(HttpStatus status, ResponseHeadersBuilder headers) {
    if (status == HttpStatus.UNAUTHORIZED) {
      headers.set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"courseport\"");
    }
  }

  private static String message(HttpStatus status, RpcError error) {
    if (status == HttpStatus.UNAUTHORIZED) {
      return AUTH_REQUIRED;
    }
    // Unexpected failures (no reason, or the server's generic INTERNAL) say nothing more.
    if (status.code() >= 500
        && status != HttpStatus.SERVICE_UNAVAILABLE
        && (error.reason() == null || "INTERNAL".equals(error.reason()))) {
      return UNEXPECTED;
    }
    return error.message();
  }

  /** The seed's error class of a status. */
  static String errorClass(HttpStatus status) {
    return switch (status.code()) {
      case 400 -> "Bad Request";
      case 401 -> "Authentication Error";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Payload Too Large";
      case 422 -> "Invalid Content";
      case 500 -> "Internal Server Error";
      default -> status.reasonPhrase();
    };
  }

  /** The seed's code of a status: its reason phrase in upper snake case, with seed exceptions. */
  static String code(HttpStatus status) {
    return switch (status.code()) {
      case 401 -> "UNAUTHORIZED";
      case 422 -> "INVALID_CONTENT";
      case 500 -> "INTERNAL_ERROR";
      default -> status.reasonPhrase().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    };
  }
}
