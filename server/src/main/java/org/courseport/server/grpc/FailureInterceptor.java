package org.courseport.server.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends a call whose inner interceptors or handler threw (for example the credential check while the
 * document store is away) with the status {@link GrpcErrorMapper} gives the failure, instead of the
 * bare UNKNOWN grpc-java answers for an uncaught exception. A call that was already closed stays as
 * it was.
 */
public final class FailureInterceptor implements ServerInterceptor {

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Closing<Q, R> closing = new Closing<>(call);
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(closing, headers);
    } catch (RuntimeException e) {
      closing.fail(e);
      return new ServerCall.Listener<>() {};
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(Q message) {
        guarded(closing, () -> super.onMessage(message));
      }

      @Override
      public void onHalfClose() {
        guarded(closing, super::onHalfClose);
      }

      @Override
      public void onReady() {
        guarded(closing, super::onReady);
      }
    };
  }

  private static void guarded(Closing<?, ?> call, Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      call.fail(e);
    }
  }

  /** Remembers whether the call was closed, so that a failure after the close is not re-closed. */
  private static final class Closing<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private final AtomicBoolean closed = new AtomicBoolean();

    Closing(ServerCall<Q, R> call) {
      super(call);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      closed.set(true);
      super.close(status, trailers);
    }

    void fail(RuntimeException e) {
      if (closed.get()) {
        throw e; // Already answered: leave it to grpc-java, as without this interceptor.
      }
      StatusRuntimeException mapped = GrpcErrorMapper.toStatusException(e);
      Metadata trailers = mapped.getTrailers() == null ? new Metadata() : mapped.getTrailers();
      close(mapped.getStatus(), trailers);
    }
  }
}
