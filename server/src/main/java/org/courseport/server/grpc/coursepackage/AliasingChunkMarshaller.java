package org.courseport.server.grpc.coursepackage;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.courseport.api.v1.PackageServiceGrpc;
import org.courseport.api.v1.WriteResumableUploadRequest;

/**
 * Parses a WriteResumableUpload message received from the network with its {@code chunk} aliasing
 * the message's own bytes: each message is read once into a new array, which the chunk then wraps.
 * gRPC's protobuf marshaller reads a message into a per-thread buffer and then copies every {@code
 * bytes} field out of it (two copies of each byte); for a stream that carries a whole package that
 * second copy is pure cost. Nothing writes to the array after parsing, so the chunk is as immutable
 * as a copied one. Messages that did not cross the network (in-process calls hand over the message
 * itself) go to the standard marshaller.
 */
final class AliasingChunkMarshaller
    implements MethodDescriptor.PrototypeMarshaller<WriteResumableUploadRequest> {
  private final MethodDescriptor.Marshaller<WriteResumableUploadRequest> standard;

  AliasingChunkMarshaller(MethodDescriptor.Marshaller<WriteResumableUploadRequest> standard) {
    this.standard = standard;
  }

  /** {@code definition} (PackageService's) with WriteResumableUpload parsed by this marshaller. */
  @SuppressWarnings("unchecked")
  static ServerServiceDefinition install(ServerServiceDefinition definition) {
    String write = PackageServiceGrpc.getWriteResumableUploadMethod().getFullMethodName();
    ServiceDescriptor service = definition.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(service.getName())
            .setSchemaDescriptor(service.getSchemaDescriptor());
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
      if (method.getMethodDescriptor().getFullMethodName().equals(write)) {
        var typed = (ServerMethodDefinition<WriteResumableUploadRequest, Object>) method;
        MethodDescriptor<WriteResumableUploadRequest, Object> aliasing =
            typed.getMethodDescriptor().toBuilder()
                .setRequestMarshaller(
                    new AliasingChunkMarshaller(typed.getMethodDescriptor().getRequestMarshaller()))
                .build();
        method = ServerMethodDefinition.create(aliasing, typed.getServerCallHandler());
      }
      methods.add(method);
      descriptor.addMethod(method.getMethodDescriptor());
    }
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(builder::addMethod);
    return builder.build();
  }

  /**
   * The message type's prototype, as the standard protobuf marshaller gives it (reflection, the
   * transcoding and the security matrix read it from the method's request marshaller).
   */
  @Override
  public WriteResumableUploadRequest getMessagePrototype() {
    return WriteResumableUploadRequest.getDefaultInstance();
  }

  @Override
  public Class<WriteResumableUploadRequest> getMessageClass() {
    return WriteResumableUploadRequest.class;
  }

  @Override
  public InputStream stream(WriteResumableUploadRequest value) {
    return standard.stream(value);
  }

  @Override
  public WriteResumableUploadRequest parse(InputStream stream) {
    if (stream instanceof Drainable || !(stream instanceof KnownLength)) {
      return standard.parse(stream); // the message itself (in-process), or of unknown length
    }
    try {
      int size = stream.available();
      byte[] bytes = new byte[size];
      int read = 0;
      while (read < size) {
        int n = stream.read(bytes, read, size - read);
        if (n < 0) {
          break;
        }
        read += n;
      }
      if (read != size || stream.read() != -1) {
        throw Status.INTERNAL
            .withDescription("WriteResumableUpload message of " + size + " bytes read as " + read)
            .asRuntimeException();
      }
      // newCodedInput of a wrapped array treats it as immutable, so that aliasing applies.
      CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
      in.enableAliasing(true);
      WriteResumableUploadRequest message = WriteResumableUploadRequest.parser().parseFrom(in);
      in.checkLastTagWas(0);
      return message;
    } catch (InvalidProtocolBufferException e) {
      throw Status.INTERNAL
          .withDescription("Invalid protobuf byte sequence")
          .withCause(e)
          .asRuntimeException();
    } catch (IOException e) {
      throw Status.INTERNAL
          .withDescription("WriteResumableUpload message could not be read")
          .withCause(e)
          .asRuntimeException();
    }
  }
}
