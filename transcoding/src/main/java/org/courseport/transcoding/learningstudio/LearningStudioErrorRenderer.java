package org.courseport.transcoding.learningstudio;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import java.util.Set;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.HttpStatusMapping;
import org.courseport.transcoding.core.RpcError;

/**
 * LearningStudio errors: exactly {@code {"message": "...", "code": "..."}}. The codes are the
 * documented {@code VALIDATION_ERROR} (400), {@code INVALID_API_KEY} (401), {@code NOT_FOUND}
 * (404), {@code RATE_LIMIT_EXCEEDED} (429), {@code INTERNAL_ERROR} (500), and for statuses the
 * reference does not list: {@code FORBIDDEN} (403), {@code METHOD_NOT_ALLOWED} (405), {@code
 * CONFLICT} (409), {@code PAYLOAD_TOO_LARGE} (413), {@code URI_TOO_LONG} (414), {@code
 * UNSUPPORTED_MEDIA_TYPE} (415), {@code HEADERS_TOO_LARGE} (431), {@code SERVICE_UNAVAILABLE}
 * (503), {@code TIMEOUT} (504). The finer reason is in the {@code x-courseport-reason} header.
 */
public final class LearningStudioErrorRenderer extends ErrorRenderer {

  /** The one instance. */
  public static final LearningStudioErrorRenderer INSTANCE = new LearningStudioErrorRenderer();

  /** Reasons that are documented LearningStudio codes themselves. */
  private static final Set<String> DOCUMENTED_REASONS =
      Set.of("PAID_PLAN_REQUIRED", "USAGE_LIMIT_EXCEEDED_PLAN", "RATE_LIMIT_EXCEEDED");

  /** ErrorInfo metadata: the seconds until a rate-limited call may be retried. */
  static final String RETRY_AFTER_SECONDS = "retry_after_seconds";

  /** Reason of a tenant over its package quota: 403 {@code USAGE_LIMIT_EXCEEDED_PLAN}. */
  static final String QUOTA_EXCEEDED = "QUOTA_EXCEEDED";

  private LearningStudioErrorRenderer() {}

  @Override
  protected HttpStatus status(RpcError error) {
    HttpStatus explicit = HttpStatusMapping.explicit(error);
    if (explicit != null) {
      return explicit;
    }
    if (QUOTA_EXCEEDED.equals(error.reason())) {
      return HttpStatus.FORBIDDEN;
    }
    return switch (error.code()) {
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> HttpStatus.BAD_REQUEST;
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
    String reason = error.reason();
    String code =
        QUOTA_EXCEEDED.equals(reason)
            ? "USAGE_LIMIT_EXCEEDED_PLAN"
            : reason != null && DOCUMENTED_REASONS.contains(reason) ? reason : codeOf(status);
    String message =
        status.code() >= 500 && status != HttpStatus.SERVICE_UNAVAILABLE
            ? "Internal server error."
            : error.message();
    return JSON.createObjectNode().put("message", message).put("code", code);
  }

  @Override
  protected void addHeaders(HttpStatus status, ResponseHeadersBuilder headers) {
    if (status == HttpStatus.UNAUTHORIZED) {
      headers.set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"courseport\"");
    }
  }

  /** A 429 names the seconds to wait ({@code retry_after_seconds} metadata) as Retry-After. */
  @Override
  protected void addHeaders(HttpStatus status, RpcError error, ResponseHeadersBuilder headers) {
    addHeaders(status, headers);
    String retryAfter = error.metadata(RETRY_AFTER_SECONDS);
    if (status == HttpStatus.TOO_MANY_REQUESTS && retryAfter != null) {
      try {
        headers.set(
            HttpHeaderNames.RETRY_AFTER, Long.toString(Math.max(1, Long.parseLong(retryAfter))));
      } catch (NumberFormatException e) {
        // not a number: no header rather than a wrong one
      }
    }
  }

  /** The code of a status. */
  static String codeOf(HttpStatus status) {
    return switch (status.code()) {
      case 400 -> "VALIDATION_ERROR";
      case 401 -> "INVALID_API_KEY";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 409 -> "CONFLICT";
      case 413 -> "PAYLOAD_TOO_LARGE";
      case 414 -> "URI_TOO_LONG";
      case 415 -> "UNSUPPORTED_MEDIA_TYPE";
      case 429 -> "RATE_LIMIT_EXCEEDED";
      case 431 -> "HEADERS_TOO_LARGE";
      case 503 -> "SERVICE_UNAVAILABLE";
      case 504 -> "TIMEOUT";
      default -> status.isClientError() ? "VALIDATION_ERROR" : "INTERNAL_ERROR";
    };
  }
}
