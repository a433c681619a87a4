package org.courseport.server.grpc;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.courseport.server.domain.DomainException;

/**
 * Receives a client-streaming upload: a first message that opens where the bytes go, then messages
 * whose chunks are written straight there, then the end of the stream, which answers. Each chunk's
 * own array is handed to {@link #writeChunk} ({@code UnsafeByteOperations.unsafeWriteTo}: no copy,
 * where {@code ByteString.writeTo(OutputStream)} would copy every chunk first); gRPC asks for the
 * next message only once {@code onNext} returned, so nothing is buffered beyond the transport's
 * flow-control window. A failure ends the call with the mapped status, after which further messages
 * are ignored; {@link #release()} runs however the stream ends.
 *
 * <p>A stream whose first message is like any other does not override {@link #start}; one whose
 * messages carry no single chunk (several kinds of bytes) handles them all in {@link #other}.
 */
public abstract class ChunkStreamHandler<ReqT, RespT> implements StreamObserver<ReqT> {
  private final StreamObserver<RespT> response;
  private boolean started;
  private boolean failed;

  /**
   * Hands each chunk's own array to {@link #writeChunk}; the bytes of a chunk held off-heap (not
   * what gRPC's parser makes, which aliases its heap buffer) are copied through a small array.
   */
  private final ByteOutput chunks =
      new ByteOutput() {
        @Override
        public void write(byte value) throws IOException {
          writeChunk(new byte[] {value}, 0, 1);
        }

        @Override
        public void write(byte[] value, int offset, int length) throws IOException {
          writeChunk(value, offset, length);
        }

        @Override
        public void writeLazy(byte[] value, int offset, int length) throws IOException {
          writeChunk(value, offset, length);
        }

        @Override
        public void write(ByteBuffer value) throws IOException {
          if (value.hasArray()) {
            writeChunk(value.array(), value.arrayOffset() + value.position(), value.remaining());
            value.position(value.limit());
            return;
          }
          byte[] copy = new byte[Math.min(value.remaining(), 64 * 1024)];
          while (value.hasRemaining()) {
            int n = Math.min(copy.length, value.remaining());
            value.get(copy, 0, n);
            writeChunk(copy, 0, n);
          }
        }

        @Override
        public void writeLazy(ByteBuffer value) throws IOException {
          write(value);
        }
      };

  protected ChunkStreamHandler(StreamObserver<RespT> response) {
    this.response = response;
  }

  /**
   * The first message: opens where the bytes go (or refuses the stream). By default it is received
   * like any later message.
   */
  protected void start(ReqT first) throws IOException {
    receive(first);
  }

  /** The chunk a later message carries, or null when it carries none (the default). */
  protected ByteString chunkOf(ReqT message) {
    return null;
  }

  /** A later message without a chunk; refused unless a subclass knows it. */
  protected void other(ReqT message) {
    throw DomainException.invalid("UPLOAD_INVALID", "Only the first message may carry no bytes");
  }

  /**
   * Writes bytes of a chunk; must not keep a reference to the array. Called only for what {@link
   * #chunkOf} returned, so a handler that returns none need not override it.
   */
  protected void writeChunk(byte[] bytes, int off, int len) throws IOException {
    throw new IllegalStateException(getClass().getSimpleName() + " writes no chunks");
  }

  /** The client ended the stream: completes the upload and returns the answer. */
  protected abstract RespT finish() throws IOException;

  /** Releases what the stream holds; may run more than once. */
  protected abstract void release();

  @Override
  public final void onNext(ReqT message) {
    if (failed) {
      return;
    }
    Calls.streaming(
        response,
        this::fail,
        () -> {
          if (!started) {
            started = true;
            start(message);
          } else {
            receive(message);
          }
        });
  }

  /** A message received as data: its chunk is written, anything else goes to {@link #other}. */
  private void receive(ReqT message) throws IOException {
    ByteString chunk = chunkOf(message);
    if (chunk != null) {
      UnsafeByteOperations.unsafeWriteTo(chunk, chunks);
    } else {
      other(message);
    }
  }

  @Override
  public final void onError(Throwable t) {
    release();
  }

  @Override
  public final void onCompleted() {
    if (failed) {
      return;
    }
    Calls.streaming(
        response,
        this::fail,
        () -> {
          // Released before the answer goes out: a client that got it may at once start the next
          // stream on the same resource (a resumable upload's finish, say) and must find it free.
          RespT answer;
          try {
            answer = finish();
          } finally {
            release();
          }
          response.onNext(answer);
          response.onCompleted();
        });
  }

  private void fail() {
    failed = true;
    release();
  }
}
