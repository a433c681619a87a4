package org.courseport.transcoding.allure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import java.util.Locale;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.HttpStatusMapping;
import org.courseport.transcoding.core.RpcError;

/**
 * Allure errors: {@code {"error": "<class>", "code": "<CODE>", "message": "..."}}. The classes are
 * the seed's ("Invalid SCORM Package", "File Too Large", "Package Processing Failed", "Quota
 * Exceeded") and, for the other statuses, "Bad Request", "Unauthorized", "Forbidden", "Not Found",
 * "Method Not Allowed", "Conflict", "Too Many Requests", "Service Unavailable", "Internal Server
 * Error". {@code code} is the {@code ErrorInfo} reason, else derived from the status.
 */
final class AllureErrorRenderer extends ErrorRenderer {

  static final AllureErrorRenderer INSTANCE = new AllureErrorRenderer();

  /** Reasons of packages the import refuses (the manifest or zip is not acceptable). */
  static final String INVALID_PACKAGE = "INVALID_SCORM_PACKAGE";

  /** Reason of a processing that failed for another cause. */
  static final String PROCESSING_FAILED = "PACKAGE_PROCESSING_FAILED";

  /** Reason of a tenant over one of its quotas. */
  static final String QUOTA_EXCEEDED = "QUOTA_EXCEEDED";

  private AllureErrorRenderer() {}

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
    return JSON.createObjectNode()
        .put("error", errorClass(status, reason))
        .put("code", reason != null ? reason : codeOf(status))
        .put("message", error.message());
  }

  @Override
  protected void addHeaders(HttpStatus status, ResponseHeadersBuilder headers) {
    if (status == HttpStatus.UNAUTHORIZED) {
      headers.set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"courseport\"");
    }
  }

  /** The seed's error class of a reason, else the class of the status. */
  static String errorClass(HttpStatus status, String reason) {
    if (reason != null) {
      String upper = reason.toUpperCase(Locale.ROOT);
      if (upper.equals(INVALID_PACKAGE)) {
        return "Invalid SCORM Package";
      }
      if (upper.equals(QUOTA_EXCEEDED)) {
        return "Quota Exceeded";
      }
      if (upper.equals(PROCESSING_FAILED)) {
        return "Package Processing Failed";
      }
      if (upper.contains("TOO_LARGE") && status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
        return "File Too Large";
      }
    }
    return switch (status.code()) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "File Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 503 -> "Service Unavailable";
      default -> status.isClientError() ? "Bad Request" : "Internal Server Error";
    };
  }

  /** {@code NOT_FOUND}, {@code BAD_REQUEST}, ...: the status's reason phrase as a code. */
  private static String codeOf(HttpStatus status) {
    return status.reasonPhrase().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
  }
}
