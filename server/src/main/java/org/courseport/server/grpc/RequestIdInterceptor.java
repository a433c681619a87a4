package org.courseport.server.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.courseport.server.domain.LogContext;
import org.courseport.transcoding.core.RequestIds;

/**
 * The gRPC entry of a request id: metadata {@code x-request-id} when valid, else a new id ({@link
 * RequestIds}); set in the MDC around every callback of the call (the handler runs inside them),
 * and answered as {@code x-request-id} in the response headers (in the trailers when the call ends
 * without headers).
 */
public final class RequestIdInterceptor implements ServerInterceptor {

  /** The metadata key. */
  public static final Metadata.Key<String> KEY =
      Metadata.Key.of(RequestIds.HEADER, Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String id = RequestIds.validOrNew(headers.get(KEY));
    ServerCall<Q, R> answering = new Answering<>(call, id);
    ServerCall.Listener<Q> listener;
    try (LogContext.Scope scope = LogContext.withRequestId(id)) {
      listener = next.startCall(answering, headers);
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(Q message) {
        in(id, () -> super.onMessage(message));
      }

      @Override
      public void onHalfClose() {
        in(id, super::onHalfClose);
      }

      @Override
      public void onCancel() {
        in(id, super::onCancel);
      }

      @Override
      public void onComplete() {
        in(id, super::onComplete);
      }

      @Override
      public void onReady() {
        in(id, super::onReady);
      }
    };
  }

  private static void in(String id, Runnable callback) {
    try (LogContext.Scope scope = LogContext.withRequestId(id)) {
      callback.run();
    }
  }

  /** Adds the id to the response headers, or to the trailers of a trailers-only answer. */
  private static final class Answering<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private final String id;
    private volatile boolean headersSent;

    Answering(ServerCall<Q, R> call, String id) {
      super(call);
      this.id = id;
    }

    @Override
    public void sendHeaders(Metadata headers) {
      headers.discardAll(KEY);
      headers.put(KEY, id);
      headersSent = true;
      super.sendHeaders(headers);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (!headersSent) {
        trailers.discardAll(KEY);
        trailers.put(KEY, id);
      }
      super.close(status, trailers);
    }
  }
}
