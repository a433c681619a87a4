package org.courseport.transcoding.canvas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.HttpStatusMapping;
import org.courseport.transcoding.core.RpcError;

/**
 * Canvas errors: {@code {"errors":[{"message":"..."}]}} with Canvas's statuses: 400 for invalid
 * requests, 401 without valid credentials, 403 when refused, 404 for unknown resources, 500 for the
 * rest (without internals); protocol errors keep their status (405, 413, 414, 415, 429, 431). The
 * finer reason is in the {@code x-courseport-reason} header.
 */
public final class CanvasErrorRenderer extends ErrorRenderer {

  /** The one instance. */
  public static final CanvasErrorRenderer INSTANCE = new CanvasErrorRenderer();

  private CanvasErrorRenderer() {}

  @Override
  protected HttpStatus status(RpcError error) {
    HttpStatus explicit = HttpStatusMapping.explicit(error);
    if (explicit != null) {
      return explicit;
    }
    return switch (error.code()) {
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> HttpStatus.BAD_REQUEST;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case ALREADY_EXISTS, ABORTED -> HttpStatus.CONFLICT;
      case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
      case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
      case RESOURCE_EXHAUSTED -> HttpStatusMapping.exhausted(error);
      case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
      default -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  @Override
  protected ObjectNode body(HttpStatus status, RpcError error) {
    String message =
        status.code() >= 500 && status != HttpStatus.SERVICE_UNAVAILABLE
            ? "An error occurred."
            : status == HttpStatus.UNAUTHORIZED ? "Invalid access token." : error.message();
    ObjectNode body = JSON.createObjectNode();
    body.putArray("errors").addObject().put("message", message);
    return body;
  }

  @Override
  protected void addHeaders(HttpStatus status, ResponseHeadersBuilder headers) {
    if (status == HttpStatus.UNAUTHORIZED) {
      headers.set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"canvas-lms\"");
    }
  }
}
