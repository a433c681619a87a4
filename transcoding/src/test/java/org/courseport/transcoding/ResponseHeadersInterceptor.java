package org.courseport.transcoding;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Lets a service method add response headers: it puts them into {@link #current()}, and they are
 * merged into the headers the call sends. This is the pattern the server uses for X-Total-Count.
 */
final class ResponseHeadersInterceptor implements ServerInterceptor {

  private static final Context.Key<Metadata> HEADERS = Context.key("response-headers");

  /** The response headers of the current call. */
  static Metadata current() {
    return HEADERS.get();
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata requestHeaders, ServerCallHandler<ReqT, RespT> next) {
    Metadata extra = new Metadata();
    ServerCall<ReqT, RespT> merging =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void sendHeaders(Metadata headers) {
            headers.merge(extra);
            super.sendHeaders(headers);
          }
        };
    return Contexts.interceptCall(
        Context.current().withValue(HEADERS, extra), merging, requestHeaders, next);
  }
}
