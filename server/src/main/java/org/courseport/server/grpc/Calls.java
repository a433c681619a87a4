package org.courseport.server.grpc;

import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Runs RPC bodies and routes their failures to the observer through {@link GrpcErrorMapper}: the
 * one place where adapters catch, for unary and streaming RPCs alike.
 */
public final class Calls {
  private Calls() {}

  /** A step of a streaming RPC, which may fail with an I/O error. */
  @FunctionalInterface
  public interface Step {
    void run() throws IOException;
  }

  public static <T> void unary(StreamObserver<T> observer, Supplier<T> body) {
    T result;
    try {
      result = body.get();
    } catch (RuntimeException e) {
      observer.onError(GrpcErrorMapper.toStatusException(e));
      return;
    }
    observer.onNext(result);
    observer.onCompleted();
  }

  /** Runs a step of a streaming RPC; a failure ends the call with the mapped status. */
  public static boolean streaming(StreamObserver<?> observer, Step step) {
    return streaming(observer, () -> {}, step);
  }

  /**
   * Runs a step of a streaming RPC (a message received, a chunk sent, the end of the stream). If it
   * fails, {@code cleanUp} runs first (release files, mark the call failed), then the call ends
   * with the mapped status. Returns whether the step succeeded.
   */
  public static boolean streaming(StreamObserver<?> observer, Runnable cleanUp, Step step) {
    try {
      step.run();
      return true;
    } catch (IOException | RuntimeException e) {
      cleanUp.run();
      observer.onError(GrpcErrorMapper.toStatusException(e));
      return false;
    }
  }
}
