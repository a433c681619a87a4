package org.courseport.transcoding;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.courseport.api.v1.CreateUploadAndImportCourseJobRequest;
import org.courseport.api.v1.StringResult;
import org.courseport.api.v1.UploadMetadata;

/**
 * The upload side of {@link FakeCourseService}: records metadata messages, the number of chunks and
 * their bytes in order; course id {@code exists} without new versions fails with ALREADY_EXISTS.
 */
final class UploadRecorder {

  final List<UploadMetadata> metadata = new CopyOnWriteArrayList<>();
  final AtomicInteger chunks = new AtomicInteger();
  final List<String> order = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private volatile boolean paused;
  private volatile ServerCallStreamObserver<StringResult> call;

  /** The next upload takes its metadata, then no chunk until {@link #release()}. */
  void pause() {
    paused = true;
  }

  /** Lets the paused upload take everything. */
  void release() {
    paused = false;
    if (call != null) {
      call.request(Integer.MAX_VALUE);
    }
  }

  /** Forgets earlier uploads. */
  synchronized void reset() {
    metadata.clear();
    chunks.set(0);
    order.clear();
    bytes.reset();
    paused = false;
  }

  synchronized byte[] bytes() {
    return bytes.toByteArray();
  }

  StreamObserver<CreateUploadAndImportCourseJobRequest> start(StreamObserver<StringResult> out) {
    call = (ServerCallStreamObserver<StringResult>) out;
    if (paused) {
      call.disableAutoRequest();
      call.request(1);
    }
    return new StreamObserver<>() {
      private boolean failed;

      @Override
      public void onNext(CreateUploadAndImportCourseJobRequest message) {
        if (failed) {
          return;
        }
        if (message.hasMetadata()) {
          order.add("metadata");
          metadata.add(message.getMetadata());
          UploadMetadata m = message.getMetadata();
          if (m.getCourseId().equals("exists") && !m.getMayCreateNewVersion()) {
            failed = true;
            out.onError(alreadyExists());
          }
        } else {
          order.add("chunk");
          chunks.incrementAndGet();
          synchronized (UploadRecorder.this) {
            bytes.writeBytes(message.getChunk().toByteArray());
          }
        }
      }

      @Override
      public void onError(Throwable t) {
        order.add("cancelled");
      }

      @Override
      public void onCompleted() {
        if (!failed) {
          out.onNext(StringResult.newBuilder().setResult("job-upload").build());
          out.onCompleted();
        }
      }
    };
  }

  private static RuntimeException alreadyExists() {
    ErrorInfo info =
        ErrorInfo.newBuilder().setReason("COURSE_EXISTS").setDomain("courseport.org").build();
    return StatusProto.toStatusRuntimeException(
        Status.newBuilder()
            .setCode(Code.ALREADY_EXISTS.getNumber())
            .setMessage("Course 'exists' already exists and mayCreateNewVersion is false.")
            .addDetails(Any.pack(info))
            .build());
  }
}
