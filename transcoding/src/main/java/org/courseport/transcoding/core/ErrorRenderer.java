package org.courseport.transcoding.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;

/** Writes failed calls as HTTP errors in one REST dialect's documented status codes and body. */
public abstract class ErrorRenderer {

  /** Response header carrying the {@code ErrorInfo} reason, for clients that don't parse bodies. */
  public static final String REASON_HEADER = "x-courseport-reason";

  /**
   * {@code ErrorInfo} metadata naming the whole seconds to wait before trying again; a 429 or a 503
   * that carries it answers it as {@code Retry-After} in every dialect.
   */
  public static final String RETRY_AFTER_SECONDS = "retry_after_seconds";

  /** Shared JSON writer for error bodies. */
  protected static final ObjectMapper JSON = new ObjectMapper();

  /** The HTTP status this dialect uses for the error. */
  protected abstract HttpStatus status(RpcError error);

  /** The body of the error in this dialect. */
  protected abstract ObjectNode body(HttpStatus status, RpcError error);

  /** Extra headers of the error in this dialect, for example {@code WWW-Authenticate} on 401. */
  protected void addHeaders(HttpStatus status, ResponseHeadersBuilder headers) {}

  /**
   * Extra headers that depend on the error itself (for example {@code Retry-After} from its
   * metadata); by default those of {@link #addHeaders(HttpStatus, ResponseHeadersBuilder)}.
   */
  protected void addHeaders(HttpStatus status, RpcError error, ResponseHeadersBuilder headers) {
    addHeaders(status, headers);
  }

  /** Renders the error with the status this dialect maps it to. */
  public final AggregatedHttpResponse render(RpcError error) {
    return render(status(error), error);
  }

  /**
   * Renders the failure of a call. REST responses carry no gRPC headers ({@code grpc-status} and
   * the like): no REST dialect documents them; {@link #REASON_HEADER} names the reason.
   */
  public final AggregatedHttpResponse renderFailedCall(RpcError error) {
    return render(error);
  }

  /** Renders the error with the given HTTP status (errors raised by HTTP handling itself). */
  public final AggregatedHttpResponse render(HttpStatus status, RpcError error) {
    ResponseHeadersBuilder headers =
        ResponseHeaders.builder(status).contentType(MediaType.JSON_UTF_8);
    if (error.reason() != null) {
      headers.set(REASON_HEADER, error.reason());
    }
    addHeaders(status, error, headers);
    String retryAfter = error.metadata(RETRY_AFTER_SECONDS);
    if ((status == HttpStatus.TOO_MANY_REQUESTS || status == HttpStatus.SERVICE_UNAVAILABLE)
        && retryAfter != null
        && retryAfter.matches("[0-9]{1,9}")
        && !headers.contains(HttpHeaderNames.RETRY_AFTER)) {
      headers.set(
          HttpHeaderNames.RETRY_AFTER, Long.toString(Math.max(1, Long.parseLong(retryAfter))));
    }
    try {
      return AggregatedHttpResponse.of(
          headers.build(), HttpData.wrap(JSON.writeValueAsBytes(body(status, error))));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write an error body", e);
    }
  }
}
