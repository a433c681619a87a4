package org.courseport.transcoding.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import org.courseport.transcoding.core.json.ProtoJson;

/**
 * The AIP-193 error body {@code {"error":{"code","message","status","details"}}}, for routes no
 * REST dialect documents.
 */
final class AipErrorRenderer extends ErrorRenderer {

  static final AipErrorRenderer INSTANCE = new AipErrorRenderer();

  private AipErrorRenderer() {}

  @Override
  protected HttpStatus status(RpcError error) {
    return HttpStatusMapping.standard(error);
  }

  @Override
  protected ObjectNode body(HttpStatus status, RpcError error) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode inner = body.putObject("error");
    inner.put("code", status.code());
    inner.put("message", error.message());
    inner.put("status", error.code().name());
    ArrayNode details = inner.putArray("details");
    for (Any detail : error.details()) {
      try {
        details.add(JSON.readTree(ProtoJson.print(detail)));
      } catch (IllegalArgumentException | JsonProcessingException e) {
        // A detail of a type we cannot print is left out rather than failing the whole error.
      }
    }
    return body;
  }

  @Override
  protected void addHeaders(HttpStatus status, ResponseHeadersBuilder headers) {
    if (status == HttpStatus.UNAUTHORIZED) {
      headers.set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"courseport\"");
    }
  }
}
