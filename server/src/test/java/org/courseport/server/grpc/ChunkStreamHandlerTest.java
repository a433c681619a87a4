package org.courseport.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.courseport.api.v1.PutUploadBytesRequest;
import org.junit.jupiter.api.Test;

/**
 * The chunk of each message reaches {@link ChunkStreamHandler#writeChunk} as the message's own
 * array (no copy per chunk, where {@code ByteString.writeTo(OutputStream)} would copy), in order,
 * whatever kind of {@link ByteString} holds it.
 */
class ChunkStreamHandlerTest {

  /** Records the arrays handed to writeChunk and the bytes written. */
  private static final class Recording extends ChunkStreamHandler<PutUploadBytesRequest, String> {
    final List<byte[]> arrays = new ArrayList<>();
    final ByteArrayOutputStream written = new ByteArrayOutputStream();

    Recording(StreamObserver<String> response) {
      super(response);
    }

    @Override
    protected ByteString chunkOf(PutUploadBytesRequest message) {
      return message.hasChunk() ? message.getChunk() : null;
    }

    @Override
    protected void writeChunk(byte[] bytes, int off, int len) {
      arrays.add(bytes);
      written.write(bytes, off, len);
    }

    @Override
    protected String finish() {
      return written.toString(StandardCharsets.US_ASCII);
    }

    @Override
    protected void release() {}
  }

  private static final class Answer implements StreamObserver<String> {
    final List<String> values = new ArrayList<>();
    Throwable error;

    @Override
    public void onNext(String value) {
      values.add(value);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}
  }

  private static PutUploadBytesRequest chunk(ByteString bytes) {
    return PutUploadBytesRequest.newBuilder().setChunk(bytes).build();
  }

  @Test
  void chunks_areHandedOverWithoutCopy_inOrder_alsoSlicedAndOffHeapOnes() {
    Answer answer = new Answer();
    Recording handler = new Recording(answer);
    byte[] whole = "abcdef".getBytes(StandardCharsets.US_ASCII);
    byte[] sliced = "xxghijxx".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer direct = ByteBuffer.allocateDirect(3).put("klm".getBytes(StandardCharsets.US_ASCII));
    direct.flip();

    handler.onNext(chunk(UnsafeByteOperations.unsafeWrap(whole)));
    handler.onNext(chunk(UnsafeByteOperations.unsafeWrap(whole)));
    handler.onNext(chunk(UnsafeByteOperations.unsafeWrap(sliced, 2, 4)));
    handler.onNext(chunk(UnsafeByteOperations.unsafeWrap(direct)));
    handler.onCompleted();

    assertThat(answer.error).isNull();
    assertThat(answer.values).containsExactly("abcdefabcdefghijklm");
    assertThat(handler.arrays.get(1)).as("the first message is a chunk too").isSameAs(whole);
    assertThat(handler.arrays.get(2)).as("a slice is handed over as its array").isSameAs(sliced);
  }
}
