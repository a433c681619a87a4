package org.courseport.client.testing;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Server side of a fake client-streaming call: stores each message, answers once the client
 * completes. With a request delay it asks for one message at a time, later, like a slow disk.
 */
final class UploadCollector<ReqT, RespT> implements StreamObserver<ReqT> {
  private final FakeTransfers service;
  private final ServerCallStreamObserver<RespT> responses;
  private final List<ReqT> sink;
  private final Supplier<RespT> answer;
  private final long delayMillis;
  private boolean failed;

  UploadCollector(
      FakeTransfers service,
      StreamObserver<RespT> responses,
      List<ReqT> sink,
      Supplier<RespT> answer) {
    this.service = service;
    this.responses = (ServerCallStreamObserver<RespT>) responses;
    this.sink = sink;
    this.answer = answer;
    this.delayMillis = service.requestDelayMillis;
    if (delayMillis > 0) {
      this.responses.disableAutoRequest();
      requestLater();
    }
  }

  @Override
  public void onNext(ReqT message) {
    if (failed) {
      return;
    }
    sink.add(message);
    if (service.uploadFailure != null) {
      failed = true;
      responses.onError(service.uploadFailure);
      return;
    }
    if (delayMillis > 0) {
      requestLater();
    }
  }

  @Override
  public void onError(Throwable t) {
    failed = true;
  }

  @Override
  public void onCompleted() {
    if (failed) {
      return;
    }
    if (service.failure != null) {
      responses.onError(service.failure);
      return;
    }
    responses.onNext(answer.get());
    responses.onCompleted();
  }

  private void requestLater() {
    CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS)
        .execute(() -> responses.request(1));
  }
}
