package org.courseport.transcoding.core.stream;

import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import org.courseport.transcoding.core.RateLimitHeaders;

/**
 * Carries the caller's credentials and request id from an HTTP request into the gRPC metadata of
 * the calls a hand-written route makes, unchanged, so that the services' auth interceptor sees
 * them.
 */
public final class ForwardedHeaders {

  /**
   * The request headers copied into call metadata (lower-case, as in HTTP/2 and gRPC): the
   * credentials, and the request id that {@link org.courseport.transcoding.core.RequestIdDecorator}
   * set.
   */
  public static final List<String> NAMES = List.of("authorization", "x-api-key", "x-request-id");

  private ForwardedHeaders() {}

  /** The channel with the request's forwarded headers attached to every call. */
  public static Channel attach(Channel channel, RequestHeaders headers) {
    Metadata metadata = new Metadata();
    for (String name : NAMES) {
      Metadata.Key<String> key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
      for (String value : headers.getAll(name)) {
        metadata.put(key, value);
      }
    }
    return ClientInterceptors.intercept(
        channel,
        MetadataUtils.newAttachHeadersInterceptor(metadata),
        new RateLimitForwarding(ServiceRequestContext.currentOrNull()));
  }

  /**
   * Copies the rate-limit headers a call answers (in its headers, or trailers when it ends without
   * any) to the HTTP response of the request that made it.
   */
  private record RateLimitForwarding(ServiceRequestContext ctx) implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      if (ctx == null) {
        return next.newCall(method, options);
      }
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          super.start(
              new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onHeaders(Metadata responseHeaders) {
                  RateLimitHeaders.addTo(ctx, responseHeaders);
                  super.onHeaders(responseHeaders);
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                  RateLimitHeaders.addTo(ctx, trailers);
                  super.onClose(status, trailers);
                }
              },
              headers);
        }
      };
    }
  }
}
