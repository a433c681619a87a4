package org.courseport.server.grpc.coursepackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.courseport.api.v1.PackageServiceGrpc;
import org.courseport.api.v1.ResumableWriteStart;
import org.courseport.api.v1.WriteResumableUploadRequest;
import org.junit.jupiter.api.Test;

/**
 * The WriteResumableUpload marshaller: a message from the network is read once and its chunk wraps
 * that array (no second copy); the rest of PackageService is bound as before.
 */
class AliasingChunkMarshallerTest {

  private static final ServerServiceDefinition PLAIN =
      new PackageServiceGrpc.PackageServiceImplBase() {}.bindService();
  private static final ServerServiceDefinition INSTALLED = AliasingChunkMarshaller.install(PLAIN);

  /** A stream of known length, as gRPC's network transport hands over a message. */
  private static final class NetworkStream extends ByteArrayInputStream implements KnownLength {
    NetworkStream(byte[] bytes) {
      super(bytes);
    }
  }

  @SuppressWarnings("unchecked")
  private static MethodDescriptor.Marshaller<WriteResumableUploadRequest> marshaller() {
    ServerMethodDefinition<?, ?> method =
        INSTALLED.getMethod(PackageServiceGrpc.getWriteResumableUploadMethod().getFullMethodName());
    return (MethodDescriptor.Marshaller<WriteResumableUploadRequest>)
        method.getMethodDescriptor().getRequestMarshaller();
  }

  @Test
  void chunkFromTheNetwork_wrapsTheMessagesOwnArray() throws Exception {
    byte[] bytes = new byte[300_000];
    new Random(5).nextBytes(bytes);
    byte[] wire =
        WriteResumableUploadRequest.newBuilder()
            .setChunk(ByteString.copyFrom(bytes))
            .build()
            .toByteArray();

    WriteResumableUploadRequest parsed = marshaller().parse(new NetworkStream(wire));

    assertThat(parsed.getChunk().toByteArray()).isEqualTo(bytes);
    List<int[]> handedOver = new ArrayList<>();
    UnsafeByteOperations.unsafeWriteTo(parsed.getChunk(), recorder(handedOver));
    // One piece: the whole message's array (tag and length before the chunk), not a copy of it.
    assertThat(handedOver).hasSize(1);
    assertThat(handedOver.get(0)).containsExactly(wire.length, wire.length - bytes.length);
  }

  @Test
  void standardMarshaller_copiesTheChunk_whichIsWhatTheAliasingOneSaves() throws Exception {
    byte[] wire =
        WriteResumableUploadRequest.newBuilder()
            .setChunk(ByteString.copyFrom(new byte[100_000]))
            .build()
            .toByteArray();
    @SuppressWarnings("unchecked")
    MethodDescriptor.Marshaller<WriteResumableUploadRequest> standard =
        (MethodDescriptor.Marshaller<WriteResumableUploadRequest>)
            PLAIN
                .getMethod(PackageServiceGrpc.getWriteResumableUploadMethod().getFullMethodName())
                .getMethodDescriptor()
                .getRequestMarshaller();

    List<int[]> handedOver = new ArrayList<>();
    UnsafeByteOperations.unsafeWriteTo(
        standard.parse(new NetworkStream(wire)).getChunk(), recorder(handedOver));

    assertThat(handedOver).hasSize(1);
    assertThat(handedOver.get(0)).containsExactly(100_000, 0); // an array of its own
  }

  @Test
  void startMessage_andInProcessMessages_parseAsBefore() throws Exception {
    WriteResumableUploadRequest start =
        WriteResumableUploadRequest.newBuilder()
            .setStart(ResumableWriteStart.newBuilder().setUploadId("upl_1").setOffset(42))
            .build();
    assertThat(marshaller().parse(new NetworkStream(start.toByteArray()))).isEqualTo(start);
    // In-process: the stream the marshaller made is handed back, and parses to the same message.
    InputStream own = marshaller().stream(start);
    assertThat(marshaller().parse(own)).isEqualTo(start);
  }

  @Test
  void invalidBytes_areAnInternalError() {
    byte[] wire = {0x12, 0x7f, 1, 2}; // chunk says 127 bytes, 2 follow
    assertThatThrownBy(() -> marshaller().parse(new NetworkStream(wire)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL));
  }

  @Test
  void otherMethods_andTheSchema_areKept() {
    assertThat(INSTALLED.getServiceDescriptor().getName())
        .isEqualTo(PLAIN.getServiceDescriptor().getName());
    assertThat(INSTALLED.getServiceDescriptor().getSchemaDescriptor())
        .isSameAs(PLAIN.getServiceDescriptor().getSchemaDescriptor());
    assertThat(INSTALLED.getMethods()).hasSameSizeAs(PLAIN.getMethods());
    for (ServerMethodDefinition<?, ?> method : PLAIN.getMethods()) {
      String name = method.getMethodDescriptor().getFullMethodName();
      ServerMethodDefinition<?, ?> installed = INSTALLED.getMethod(name);
      assertThat(installed.getServerCallHandler()).isSameAs(method.getServerCallHandler());
      if (!name.equals(PackageServiceGrpc.getWriteResumableUploadMethod().getFullMethodName())) {
        assertThat(installed).isSameAs(method);
      }
    }
  }

  /** Records (array length, offset) of each piece a ByteString hands over. */
  private static ByteOutput recorder(List<int[]> out) {
    return new ByteOutput() {
      @Override
      public void write(byte value) {
        out.add(new int[] {-1, -1});
      }

      @Override
      public void write(byte[] value, int offset, int length) {
        out.add(new int[] {value.length, offset});
      }

      @Override
      public void writeLazy(byte[] value, int offset, int length) {
        out.add(new int[] {value.length, offset});
      }

      @Override
      public void write(ByteBuffer value) {
        out.add(new int[] {-2, -2});
      }

      @Override
      public void writeLazy(ByteBuffer value) {
        out.add(new int[] {-2, -2});
      }
    };
  }
}
