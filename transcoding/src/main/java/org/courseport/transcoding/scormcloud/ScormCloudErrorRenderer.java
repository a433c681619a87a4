package org.courseport.transcoding.scormcloud;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.HttpStatusMapping;
import org.courseport.transcoding.core.RpcError;

/**
 * SCORM Cloud API v2 errors: {@code {"message": "..."}}, except 401 which is exactly {@code
 * {"error": "Authorization Required."}} with a Basic challenge.
 */
final class ScormCloudErrorRenderer extends ErrorRenderer {

  static final ScormCloudErrorRenderer INSTANCE = new ScormCloudErrorRenderer();

  /** Reason of a tenant over its package or stored-bytes quota. */
  static final String QUOTA_EXCEEDED = "QUOTA_EXCEEDED";

  private ScormCloudErrorRenderer() {}

  /**
   * The statuses of SCORM Cloud: documented 400/401/403/404/409, otherwise 500; a quota exceeded is
   * 403.
   */
  @Override
  protected HttpStatus status(RpcError error) {
    HttpStatus explicit = HttpStatusMapping.explicit(error);
    if (explicit != null) {
      return explicit;
    }
    if (QUOTA_EXCEEDED.equals(error.reason())) {
      return HttpStatus.FORBIDDEN; // the tenant's plan is full: not a rate (429) nor a size (413)
    }
    return switch (error.code()) {
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> HttpStatus.BAD_REQUEST;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case ALREADY_EXISTS -> HttpStatus.CONFLICT;
      case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
      case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
      case RESOURCE_EXHAUSTED -> HttpStatusMapping.exhausted(error);
      case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
      default -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  @Override
  protected ObjectNode body(HttpStatus status, RpcError error) {
    ObjectNode body = JSON.createObjectNode();
    if (status == HttpStatus.UNAUTHORIZED) {
      return body.put("error", "Authorization Required.");
    }
    return body.put("message", error.message());
  }

  @Override
  protected void addHeaders(HttpStatus status, ResponseHeadersBuilder headers) {
    if (status == HttpStatus.UNAUTHORIZED) {
      headers.set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"courseport\"");
    }
  }
}
