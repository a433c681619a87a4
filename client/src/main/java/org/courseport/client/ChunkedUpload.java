package org.courseport.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One client-streaming upload: a first message, then the source's bytes in chunks of {@link
 * #CHUNK_SIZE}, sent only while the transport is ready (flow control), read from the source as they
 * are sent so that the file is never held in memory. Each chunk is read into a new array that the
 * message then wraps without copying; nothing writes to an array once it is wrapped.
 */
final class ChunkedUpload<ReqT, RespT> implements ClientResponseObserver<ReqT, RespT> {

  /** Bytes per chunk message. */
  static final int CHUNK_SIZE = 64 * 1024;

  /** One file of an upload and the message that carries each of its chunks. */
  record Part<ReqT>(ReadableByteChannel source, Function<ByteString, ReqT> chunkMessage) {}

  private final List<Part<ReqT>> parts;
  private final int chunkSize;
  private int current;
  private final long total;
  private final ReqT first;
  private final ProgressListener listener;
  private final CompletableFuture<RespT> result = new CompletableFuture<>();
  private ChunkObserver observer = (bytes, length) -> {};
  private Supplier<ReqT> last; // null: the stream ends after the last chunk

  private ClientCallStreamObserver<ReqT> requests;
  private boolean firstSent;
  private boolean chunksSent;
  private boolean finished;
  private long sent;
  private RespT response;
  private volatile IOException readFailure;

  ChunkedUpload(
      ReadableByteChannel source,
      long total,
      ReqT first,
      Function<ByteString, ReqT> chunkMessage,
      ProgressListener listener) {
    this(source, CHUNK_SIZE, total, first, chunkMessage, listener);
  }

  /** An upload in chunks of {@code chunkSize} bytes (below the server's 4 MiB message limit). */
  ChunkedUpload(
      ReadableByteChannel source,
      int chunkSize,
      long total,
      ReqT first,
      Function<ByteString, ReqT> chunkMessage,
      ProgressListener listener) {
    this(List.of(new Part<>(source, chunkMessage)), chunkSize, total, first, listener);
  }

  /** An upload of several files one after the other (a widget's script, then its CSS). */
  ChunkedUpload(List<Part<ReqT>> parts, long total, ReqT first, ProgressListener listener) {
    this(parts, CHUNK_SIZE, total, first, listener);
  }

  private ChunkedUpload(
      List<Part<ReqT>> parts, int chunkSize, long total, ReqT first, ProgressListener listener) {
    this.parts = List.copyOf(parts);
    this.chunkSize = chunkSize;
    this.total = total;
    this.first = first;
    this.listener = listener;
  }

  /** Sees each chunk's bytes just before it is sent (e.g. to hash the file as it is sent). */
  @FunctionalInterface
  interface ChunkObserver {
    void onChunk(byte[] bytes, int length);
  }

  /**
   * Sees every chunk before it is sent, and sends {@code last} (built once every chunk was sent, so
   * after the observer saw them all) as the stream's last message.
   */
  ChunkedUpload<ReqT, RespT> observing(ChunkObserver observer, Supplier<ReqT> last) {
    this.observer = observer;
    this.last = last;
    return this;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<ReqT> requestStream) {
    this.requests = requestStream;
    requestStream.setOnReadyHandler(this::pump);
  }

  /** Sends as much as the transport accepts now; gRPC calls it again when it is ready for more. */
  private synchronized void pump() {
    try {
      while (!finished && requests.isReady()) {
        if (!firstSent) {
          firstSent = true;
          requests.onNext(first);
        } else if (chunksSent || !sendNextChunk()) {
          chunksSent = true;
          if (last != null) {
            ReqT message = last.get();
            last = null;
            requests.onNext(message);
          } else {
            finished = true;
            requests.onCompleted();
          }
        }
      }
    } catch (IOException e) {
      finished = true;
      readFailure = e;
      requests.cancel("the upload source could not be read", e);
    }
  }

  private boolean sendNextChunk() throws IOException {
    byte[] chunk = new byte[chunkSize];
    ByteBuffer buffer = ByteBuffer.wrap(chunk);
    int length = 0;
    while (length == 0 && current < parts.size()) {
      ReadableByteChannel source = parts.get(current).source();
      while (buffer.hasRemaining()) {
        if (source.read(buffer) < 0) {
          break;
        }
      }
      length = buffer.position();
      if (length == 0) {
        current++; // this file is sent; go on with the next
      }
    }
    if (length == 0) {
      return false;
    }
    Function<ByteString, ReqT> chunkMessage = parts.get(current).chunkMessage();
    if (buffer.hasRemaining()) {
      current++; // the file ended inside this chunk
    }
    requests.onNext(chunkMessage.apply(UnsafeByteOperations.unsafeWrap(chunk, 0, length)));
    // After the message went to the transport (nothing writes to the array): it is not held back.
    observer.onChunk(chunk, length);
    sent += length;
    listener.onProgress(sent, total);
    return true;
  }

  @Override
  public void onNext(RespT value) {
    response = value;
  }

  @Override
  public void onError(Throwable t) {
    synchronized (this) {
      finished = true;
    }
    result.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    result.complete(response);
  }

  /** Blocks until the server answers; cancels the call if the waiting thread is interrupted. */
  RespT await() throws IOException {
    try {
      return result.get();
    } catch (InterruptedException e) {
      requests.cancel("interrupted", e);
      Thread.currentThread().interrupt();
      throw new CourseportException(
          Status.CANCELLED.withDescription("upload interrupted"), "", Map.of(), e);
    } catch (ExecutionException e) {
      if (readFailure != null) {
        throw readFailure;
      }
      throw ErrorTable.toException(e.getCause());
    }
  }
}
