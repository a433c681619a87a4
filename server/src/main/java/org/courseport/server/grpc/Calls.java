package org.courseport.server.grpc;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Runs a unary RPC body and routes its result or failure to the observer through the mapper. */
final class Calls {
  private Calls() {}

  static <T> void unary(StreamObserver<T> observer, Supplier<T> body) {
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
}
