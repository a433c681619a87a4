package org.courseport.transcoding;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeadersBuilder;

/**
 * SCORM Cloud API v2 errors: {@code {"message": "..."}}, except 401 which is exactly {@code
 * {"error": "Authorization Required."}} with a Basic challenge.
 */
final class ScormCloudErrorRenderer extends ErrorRenderer {

  static final ScormCloudErrorRenderer INSTANCE = new ScormCloudErrorRenderer();

  private ScormCloudErrorRenderer() {}

  @Override
  HttpStatus status(RpcError error) {
    return HttpStatusMapping.scormCloud(error);
  }

  @Override
  ObjectNode body(HttpStatus status, RpcError error) {
    ObjectNode body = JSON.createObjectNode();
    if (status == HttpStatus.UNAUTHORIZED) {
      return body.put("error", "Authorization Required.");
    }
    return body.put("message", error.message());
  }

  @Override
  void addHeaders(HttpStatus status, ResponseHeadersBuilder headers) {
    if (status == HttpStatus.UNAUTHORIZED) {
      headers.set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"courseport\"");
    }
  }
}
