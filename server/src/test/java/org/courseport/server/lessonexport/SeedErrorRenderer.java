package org.courseport.server.lessonexport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.HttpStatusMapping;
import org.courseport.transcoding.core.RpcError;

/**
 * Test stand-in for the lesson dialect's renderer (built by the lessons engineer): seed 001's
 * {@code {"error","message","code","timestamp"}}.
 */
final class SeedErrorRenderer extends ErrorRenderer {

  @Override
  protected HttpStatus status(RpcError error) {
    return HttpStatusMapping.standard(error);
  }

  @Override
  protected ObjectNode body(HttpStatus status, RpcError error) {
    String reason = error.reason();
    String message = error.message();
    String code = reason != null ? reason : status.reasonPhrase().toUpperCase().replace(' ', '_');
    String kind =
        switch (status.code()) {
          case 400 -> "Bad Request";
          case 401 -> "Authentication Error";
          case 403 -> "Forbidden";
          case 404 -> "Not Found";
          case 422 -> "Invalid Content";
          default -> status.isClientError() ? "Bad Request" : "Internal Server Error";
        };
    if (status.code() == 401) {
      code = "UNAUTHORIZED";
      message = "User authentication is required";
    } else if (status.code() >= 500) {
      code = "INTERNAL_ERROR";
      message = "An unexpected error occurred while generating export ZIP";
    }
    return JSON.createObjectNode()
        .put("error", kind)
        .put("message", message)
        .put("code", code)
        .put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
  }
}
