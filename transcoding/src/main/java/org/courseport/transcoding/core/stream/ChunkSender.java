package org.courseport.transcoding.core.stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.common.stream.StreamMessage;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.courseport.transcoding.core.RpcError;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Streams an HTTP request body (or one part of a form) into a client-streaming RPC in chunks of a
 * fixed size, reading the next piece of the body only while the call is ready (back-pressure both
 * ways), and turns the call's result into the HTTP answer. Body callbacks run on the request's
 * event loop, which is the only thread that sends on the call.
 *
 * <p>Use: start the call with {@link #resultObserver()}, {@link #send} its first message, subscribe
 * this to the body on the event loop, and {@link #finish} once everything is sent.
 *
 * @param <ReqT> the call's request message
 * @param <RespT> the call's response message
 */
public final class ChunkSender<ReqT, RespT> implements Subscriber<HttpData> {

  private final int chunkBytes;
  private final long maxBytes;
  private final BodyAnswer<RespT> answer;
  private final AtomicBoolean waitingForReady = new AtomicBoolean();
  private volatile Function<ByteString, ReqT> chunkMessage;
  private volatile CompletableFuture<Void> contentRead = new CompletableFuture<>();
  private CompletableFuture<Void> queuedParts = CompletableFuture.completedFuture(null);
  private volatile ClientCallStreamObserver<ReqT> call;
  private volatile Subscription body;

  /** The chunk being filled; handed to the call (wrapped, not copied) once full, then replaced. */
  private byte[] buffer;

  private int buffered;
  private long received;
  private volatile boolean cancelled;

  /**
   * @param chunkBytes the size of each chunk sent (the last may be smaller)
   * @param maxBytes the most body bytes accepted; more answer {@link BodyAnswer#bodyTooLarge}
   * @param chunkMessage wraps one chunk in a request message
   * @param answer the route's answer
   */
  public ChunkSender(
      int chunkBytes,
      long maxBytes,
      Function<ByteString, ReqT> chunkMessage,
      BodyAnswer<RespT> answer) {
    if (chunkBytes < 1) {
      throw new IllegalArgumentException("chunkBytes must be at least 1, was " + chunkBytes);
    }
    this.chunkBytes = chunkBytes;
    this.maxBytes = maxBytes;
    this.chunkMessage = chunkMessage;
    this.answer = answer;
  }

  /** The observer to start the call with. */
  public ClientResponseObserver<ReqT, RespT> resultObserver() {
    return new ResultObserver();
  }

  /**
   * Sends a message other than a chunk (the first one, say) unless the call is cancelled or
   * answered; call once the call is started, on the event loop.
   */
  public void send(ReqT message) {
    if (!cancelled && !answer.isDone()) {
      call.onNext(message);
    }
  }

  /**
   * For forms with several streamed parts: streams a part's content into the call after the parts
   * queued before it are read, its chunks wrapped by {@code nextChunkMessage}. Use this for every
   * part instead of subscribing. Returns a future completed once this part is read (or dropped
   * because the call has ended). Event loop only.
   */
  public CompletableFuture<Void> nextPart(
      StreamMessage<HttpData> content,
      EventExecutor eventLoop,
      Function<ByteString, ReqT> nextChunkMessage) {
    CompletableFuture<Void> read = new CompletableFuture<>();
    CompletableFuture<Void> previous = queuedParts;
    queuedParts = read;
    previous.whenCompleteAsync(
        (ignored, cause) -> {
          if (cancelled || answer.isDone()) {
            content.abort();
            read.complete(null);
            return;
          }
          chunkMessage = nextChunkMessage;
          contentRead = read;
          content.subscribe(this, eventLoop);
        },
        eventLoop);
    return read;
  }

  /**
   * Half-closes the call, after sending {@code last} if not null, unless the call is cancelled or
   * answered already. Call once the body's content is read ({@link #whenContentRead}), on the event
   * loop.
   */
  public void finish(@Nullable ReqT last) {
    if (cancelled || answer.isDone()) {
      return;
    }
    if (last != null) {
      call.onNext(last);
    }
    call.onCompleted();
  }

  /**
   * Completes on the event loop once the body's content has ended and its last bytes are sent (or
   * reading it failed or was cancelled). A form can end before that: its parser may have read the
   * closing boundary while the file's last bytes still wait to be delivered here.
   */
  public CompletableFuture<Void> whenContentRead() {
    return contentRead;
  }

  /** Stops reading the body; any thread. */
  public void stopReading() {
    Subscription subscription = body;
    if (subscription != null) {
      subscription.cancel();
    }
  }

  /** Stops reading and cancels the call (client gone, bad input, too large); event loop only. */
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

  /**
   * Copies the piece of body into the chunk being filled, straight from its buffer: a pooled piece
   * (a body subscribed {@code WITH_POOLED_OBJECTS}) is copied once from the network buffer into the
   * chunk and then released, so no intermediate array is made per piece.
   */
  @Override
  public void onNext(HttpData data) {
    try (data) {
      if (cancelled || answer.isDone()) {
        return;
      }
      int length = data.length();
      received += length;
      if (received > maxBytes) {
        answer.bodyTooLarge(maxBytes);
        cancel("body too large");
        return;
      }
      int offset = 0;
      if (data.isPooled()) {
        io.netty.buffer.ByteBuf bytes = data.byteBuf();
        int start = bytes.readerIndex();
        while (offset < length) {
          int n = Math.min(length - offset, room());
          bytes.getBytes(start + offset, buffer, buffered, n);
          offset += n;
          filled(n);
        }
      } else {
        byte[] bytes = data.array();
        while (offset < length) {
          int n = Math.min(length - offset, room());
          System.arraycopy(bytes, offset, buffer, buffered, n);
          offset += n;
          filled(n);
        }
      }
    }
    requestIfReady();
  }

  /** Room left in the chunk being filled, starting one if there is none. */
  private int room() {
    if (buffer == null) {
      buffer = new byte[chunkBytes];
    }
    return chunkBytes - buffered;
  }

  private void filled(int n) {
    buffered += n;
    if (buffered == chunkBytes) {
      flush();
    }
  }

  @Override
  public void onError(Throwable cause) {
    answer.bodyFailed(cause);
    cancel("request body failed");
  }

  @Override
  public void onComplete() {
    if (!cancelled && !answer.isDone() && buffered > 0) {
      flush();
    }
    contentRead.complete(null);
  }

  /** Sends the chunk; the message keeps its array, so the next chunk gets a new one. */
  private void flush() {
    ByteString chunk = UnsafeByteOperations.unsafeWrap(buffer, 0, buffered);
    buffer = null;
    buffered = 0;
    call.onNext(chunkMessage.apply(chunk));
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
  private final class ResultObserver implements ClientResponseObserver<ReqT, RespT> {

    private volatile RespT result;

    @Override
    public void beforeStart(ClientCallStreamObserver<ReqT> c) {
      call = c;
      c.setOnReadyHandler(ChunkSender.this::onReady);
    }

    @Override
    public void onNext(RespT value) {
      result = value;
    }

    @Override
    public void onError(Throwable cause) {
      // Our own cancellation has answered already. Otherwise the call is closed: answer with its
      // error, which also stops reading the body (sending on a closed call is harmless).
      if (!cancelled) {
        answer.fail(RpcError.fromThrowable(cause));
      }
    }

    @Override
    public void onCompleted() {
      answer.succeed(result);
    }
  }
}
