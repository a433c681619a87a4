package org.courseport.server.grpc.course;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Lets an RPC body add response headers (for example {@code x-total-count}), which Armeria's
 * transcoding turns into HTTP response headers.
 */
public final class ResponseHeaders implements ServerInterceptor {
  private static final Context.Key<Metadata> EXTRA = Context.key("courseport-response-headers");

  /** Adds a header to the current call's response. */
  static void put(String name, String value) {
    Metadata extra = EXTRA.get();
    if (extra != null) {
      extra.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
    }
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Metadata extra = new Metadata();
    ServerCall<Q, R> withHeaders =
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void sendHeaders(Metadata responseHeaders) {
            synchronized (extra) {
              responseHeaders.merge(extra);
            }
            super.sendHeaders(responseHeaders);
          }
        };
    return Contexts.interceptCall(
        Context.current().withValue(EXTRA, extra), withHeaders, headers, next);
  }
}
