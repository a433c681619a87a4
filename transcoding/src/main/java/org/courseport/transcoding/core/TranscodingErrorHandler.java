package org.courseport.transcoding.core;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.UnframedGrpcErrorHandler;
import io.grpc.Status;

/**
 * Renders the failure of a transcoded call in the dialect of the request path, using the status
 * details ({@code ErrorInfo}) the call ended with.
 */
final class TranscodingErrorHandler implements UnframedGrpcErrorHandler {

  private final Dialects dialects;

  TranscodingErrorHandler(Dialects dialects) {
    this.dialects = dialects;
  }

  @Override
  public HttpResponse handle(
      ServiceRequestContext ctx, Status status, AggregatedHttpResponse response) {
    if (RequestTimeouts.timedOut(ctx)) {
      // The front's request timeout cancelled the call: not the call's own failure.
      return RequestTimeouts.answer(ctx, dialects.rendererFor(ctx.path())).toHttpResponse();
    }
    // A call that fails at once answers trailers-only: the status is then in the headers.
    HttpHeaders trailers = response.trailers().isEmpty() ? response.headers() : response.trailers();
    RpcError error = RpcError.fromTrailers(status, trailers);
    AggregatedHttpResponse rendered = dialects.rendererFor(ctx.path()).renderFailedCall(error);
    return RateLimitHeaders.copy(response.headers(), trailers, rendered).toHttpResponse();
  }
}
