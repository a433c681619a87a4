package org.courseport.transcoding.allure;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpStatus;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.atomic.AtomicBoolean;
import org.courseport.api.v1.PutUploadBytesRequest;
import org.courseport.api.v1.PutUploadBytesResponse;
import org.courseport.api.v1.UploadTicket;
import org.courseport.transcoding.core.RpcError;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Streams the body of a presigned {@code PUT} into {@code PutUploadBytes} in fixed-size chunks,
 * reading the next piece of the body only while the call is ready (back-pressure both ways), and
 * turns the call's result into the HTTP answer.
 */
final class PutSender implements Subscriber<HttpData> {

  private final int chunkBytes;
  private final long declaredSize;
  private final PutAnswer answer;
  private final AtomicBoolean waitingForReady = new AtomicBoolean();
  private volatile ClientCallStreamObserver<PutUploadBytesRequest> call;
  private volatile Subscription body;
  private ByteString.Output buffer;
  private long received;
  private volatile boolean cancelled;

  PutSender(int chunkBytes, long declaredSize, PutAnswer answer) {
    this.chunkBytes = chunkBytes;
    this.declaredSize = declaredSize;
    this.answer = answer;
    this.buffer = ByteString.newOutput(chunkBytes);
  }

  /** Sends the signed ticket; call once the call is started. */
  void sendTicket(UploadTicket ticket) {
    call.onNext(PutUploadBytesRequest.newBuilder().setTicket(ticket).build());
  }

  /** The observer to start the call with. */
  ClientResponseObserver<PutUploadBytesRequest, PutUploadBytesResponse> resultObserver() {
    return new ResultObserver();
  }

  /** Cancels the call and stops reading; idempotent. */
  void cancel(String why) {
    Subscription subscription = body;
    if (subscription != null) {
      subscription.cancel();
    }
    if (!cancelled && call != null) {
      cancelled = true;
      call.cancel(why, null);
    }
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    body = subscription;
    requestIfReady();
  }

  @Override
  public void onNext(HttpData data) {
    if (cancelled || answer.isDone()) {
      return;
    }
    received += data.length();
    if (received > declaredSize) {
      answer.fail(
          HttpStatus.BAD_REQUEST,
          "BODY_SIZE_MISMATCH",
          "The body is larger than the " + declaredSize + " bytes the URL was signed for.");
      cancel("body too large");
      return;
    }
    byte[] bytes = data.array();
    int offset = 0;
    while (offset < bytes.length) {
      int n = Math.min(bytes.length - offset, chunkBytes - buffer.size());
      buffer.write(bytes, offset, n);
      offset += n;
      if (buffer.size() == chunkBytes) {
        flush();
      }
    }
    requestIfReady();
  }

  @Override
  public void onError(Throwable cause) {
    answer.fail(HttpStatus.BAD_REQUEST, "BODY_READ_FAILED", "Failed to read the body: " + cause);
    cancel("request body failed");
  }

  @Override
  public void onComplete() {
    if (cancelled || answer.isDone()) {
      return;
    }
    if (buffer.size() > 0) {
      flush();
    }
    call.onCompleted();
  }

  private void flush() {
    ByteString chunk = buffer.toByteString();
    buffer = ByteString.newOutput(chunkBytes);
    call.onNext(PutUploadBytesRequest.newBuilder().setChunk(chunk).build());
  }

  private void requestIfReady() {
    waitingForReady.set(true);
    // Re-check after raising the flag so that an onReady between the two is not lost.
    if (call.isReady() && waitingForReady.compareAndSet(true, false)) {
      body.request(1);
    }
  }

  private void onReady() {
    Subscription subscription = body;
    if (subscription != null && waitingForReady.compareAndSet(true, false)) {
      subscription.request(1);
    }
  }

  /** Receives the call's answer and completes the HTTP response with it. */
  private final class ResultObserver
      implements ClientResponseObserver<PutUploadBytesRequest, PutUploadBytesResponse> {

    private volatile PutUploadBytesResponse result;

    @Override
    public void beforeStart(ClientCallStreamObserver<PutUploadBytesRequest> c) {
      call = c;
      c.setOnReadyHandler(PutSender.this::onReady);
    }

    @Override
    public void onNext(PutUploadBytesResponse value) {
      result = value;
    }

    @Override
    public void onError(Throwable cause) {
      if (!cancelled) {
        answer.fail(RpcError.fromThrowable(cause));
      }
    }

    @Override
    public void onCompleted() {
      answer.succeed(result == null ? PutUploadBytesResponse.getDefaultInstance() : result);
    }
  }
}
