package org.courseport.transcoding.core.stream;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.common.stream.StreamMessage;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.courseport.api.v1.CreateUploadAndImportCourseJobRequest;
import org.courseport.api.v1.StringResult;
import org.courseport.api.v1.UploadMetadata;
import org.courseport.transcoding.core.RpcError;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Streams the bytes of uploaded file parts into a client-streaming upload RPC in chunks of a fixed
 * size, reading the next piece of the HTTP body only while the call is ready (back-pressure both
 * ways), and turns the call's result into the HTTP answer. Body callbacks run on the request's
 * event loop, which is the only thread that sends on the call. Several parts of one form can be
 * streamed into the same call one after the other ({@link #nextPart}), each with its own chunk
 * message.
 *
 * @param <ReqT> the request message of the upload RPC
 * @param <ResT> its response message
 */
public final class ChunkSender<ReqT, ResT> implements Subscriber<HttpData> {

  private final int chunkBytes;
  private final long maxBytes;
  private final UploadResponse response;
  private final Consumer<ResT> onResult;
  private final AtomicBoolean waitingForReady = new AtomicBoolean();
  private volatile CompletableFuture<Void> contentRead = new CompletableFuture<>();
  private volatile Function<ByteString, ReqT> chunkOf;
  private CompletableFuture<Void> queuedParts = CompletableFuture.completedFuture(null);
  private volatile ClientCallStreamObserver<ReqT> call;
  private volatile Subscription body;
  private ByteString.Output buffer;
  private long received;
  private volatile boolean cancelled;

  /**
   * A sender for a call whose chunks {@code chunkOf} builds; {@code onResult} answers the HTTP
   * request with the call's last response (null when it sent none) once the call completes.
   */
  public ChunkSender(
      int chunkBytes,
      long maxBytes,
      UploadResponse response,
      Function<ByteString, ReqT> chunkOf,
      Consumer<ResT> onResult) {
    this.chunkBytes = chunkBytes;
    this.maxBytes = maxBytes;
    this.response = response;
    this.chunkOf = chunkOf;
    this.onResult = onResult;
    this.buffer = ByteString.newOutput(chunkBytes);
  }

  /** The sender of {@code CreateUploadAndImportCourseJob}: answers {@code {"result": jobId}}. */
  public static ChunkSender<CreateUploadAndImportCourseJobRequest, StringResult> forImport(
      int chunkBytes, long maxBytes, UploadResponse response) {
    return new ChunkSender<>(
        chunkBytes,
        maxBytes,
        response,
        chunk -> CreateUploadAndImportCourseJobRequest.newBuilder().setChunk(chunk).build(),
        result -> response.succeed(result == null ? "" : result.getResult()));
  }

  /** The import call's metadata message. */
  public static CreateUploadAndImportCourseJobRequest metadataMessage(UploadMetadata metadata) {
    return CreateUploadAndImportCourseJobRequest.newBuilder().setMetadata(metadata).build();
  }

  /** Sends a message (metadata) on the call; event loop only, once the call is started. */
  public void send(ReqT message) {
    if (!cancelled && !response.isDone()) {
      call.onNext(message);
    }
  }

  /**
   * Streams a part's content into the call after the parts queued before it are read; its chunks
   * are built by {@code nextChunkOf}. For forms with several streamed parts: use this for every
   * part instead of subscribing. Returns a future completed once this part is read (or dropped
   * because the upload has ended). Event loop only.
   */
  public CompletableFuture<Void> nextPart(
      StreamMessage<HttpData> content,
      EventExecutor eventLoop,
      Function<ByteString, ReqT> nextChunkOf) {
    CompletableFuture<Void> read = new CompletableFuture<>();
    CompletableFuture<Void> previous = queuedParts;
    queuedParts = read;
    previous.whenCompleteAsync(
        (ignored, cause) -> {
          if (cancelled || response.isDone()) {
            content.abort();
            read.complete(null);
            return;
          }
          chunkOf = nextChunkOf;
          contentRead = read;
          content.subscribe(this, eventLoop);
        },
        eventLoop);
    return read;
  }

  /**
   * Half-closes the call once the whole form is read. Metadata completed by a form field that came
   * after the file (the official Java client sends {@code contentMetadata} last) is sent again
   * after the last chunk.
   */
  public void finish(@Nullable ReqT trailingMetadata) {
    if (cancelled || response.isDone()) {
      return;
    }
    if (trailingMetadata != null) {
      send(trailingMetadata);
    }
    call.onCompleted();
  }

  /**
   * Completes once the file part's content has ended and its last bytes are sent (or reading it
   * failed or was cancelled). The form can end before that: its parser may have read the closing
   * boundary while the file's last bytes still wait to be delivered here.
   */
  public CompletableFuture<Void> whenContentRead() {
    return contentRead;
  }

  /** The observer to start the call with. */
  public ClientResponseObserver<ReqT, ResT> resultObserver() {
    return new ResultObserver();
  }

  /** Stops reading the file part; any thread. */
  public void stopReading() {
    Subscription subscription = body;
    if (subscription != null) {
      subscription.cancel();
    }
  }

  /** Cancels the call (client gone, bad form, size exceeded); event loop only, idempotent. */
  public void cancel(String why) {
    stopReading();
    contentRead.complete(null);
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
    if (cancelled || response.isDone()) {
      return;
    }
    received += data.length();
    if (received > maxBytes) {
      response.fail(
          HttpStatus.REQUEST_ENTITY_TOO_LARGE,
          "The file exceeds the upload limit of " + maxBytes + " bytes.");
      cancel("upload too large");
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
    response.fail(HttpStatus.BAD_REQUEST, "Failed to read the file part: " + cause);
    cancel("request body failed");
    contentRead.complete(null);
  }

  @Override
  public void onComplete() {
    if (!cancelled && buffer.size() > 0) {
      flush();
    }
    contentRead.complete(null);
  }

  private void flush() {
    ByteString chunk = buffer.toByteString();
    buffer = ByteString.newOutput(chunkBytes);
    call.onNext(chunkOf.apply(chunk));
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

  /** Receives the call's answer (on a gRPC thread) and completes the HTTP response with it. */
  private final class ResultObserver implements ClientResponseObserver<ReqT, ResT> {

    private volatile ResT last;

    @Override
    public void beforeStart(ClientCallStreamObserver<ReqT> c) {
      call = c;
      c.setOnReadyHandler(ChunkSender.this::onReady);
    }

    @Override
    public void onNext(ResT result) {
      last = result;
    }

    @Override
    public void onError(Throwable cause) {
      // Our own cancellation has answered already. Otherwise the call is closed: answer with its
      // error, which also stops reading the body (sending on a closed call is harmless).
      if (!cancelled) {
        response.fail(RpcError.fromThrowable(cause));
      }
    }

    @Override
    public void onCompleted() {
      onResult.accept(last);
    }
  }
}
