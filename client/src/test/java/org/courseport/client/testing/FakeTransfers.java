package org.courseport.client.testing;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.CreateUploadAndImportCourseJobRequest;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.FileInfo;
import org.courseport.api.v1.GetCourseAssetRequest;
import org.courseport.api.v1.GetCourseZipRequest;
import org.courseport.api.v1.StringResult;
import org.courseport.api.v1.ValidatePackageRequest;
import org.courseport.api.v1.ValidationReport;

/**
 * The recording and streaming half of {@link FakeCourseService}: uploads are collected by {@link
 * UploadCollector} (which can slow its {@code request()} calls), downloads stream {@link #file}.
 */
public abstract class FakeTransfers extends CourseServiceGrpc.CourseServiceImplBase {
  /** Unary requests, in arrival order. */
  public final List<Message> requests = new CopyOnWriteArrayList<>();

  /** Messages of upload-and-import streams, in arrival order. */
  public final List<CreateUploadAndImportCourseJobRequest> uploadMessages =
      new CopyOnWriteArrayList<>();

  /** Messages of validate streams, in arrival order. */
  public final List<ValidatePackageRequest> validateMessages = new CopyOnWriteArrayList<>();

  public volatile ValidationReport validationReport = ValidationReport.getDefaultInstance();
  public volatile String jobId = "job-1";

  /** Served by GetCourseZip and GetCourseAsset. */
  public volatile byte[] file = new byte[0];

  public volatile String fileName = "course.zip";

  /** Size announced in FileInfo; -2 means the real size. */
  public volatile long announcedSize = -2;

  /** When set, every call fails with it. */
  public volatile StatusRuntimeException failure;

  /** When set, upload streams fail with it right after their first message. */
  public volatile StatusRuntimeException uploadFailure;

  /** When positive, upload streams request one message at a time, each after this delay. */
  public volatile long requestDelayMillis;

  /** A status carrying one ErrorInfo, as the server's error mapper builds it. */
  public static StatusRuntimeException error(Status.Code code, String reason, String message) {
    ErrorInfo info =
        ErrorInfo.newBuilder()
            .setReason(reason)
            .setDomain("courseport.org")
            .putMetadata("source", "fake")
            .build();
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(message)
            .addDetails(Any.pack(info))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  @Override
  public StreamObserver<CreateUploadAndImportCourseJobRequest> createUploadAndImportCourseJob(
      StreamObserver<StringResult> responses) {
    return new UploadCollector<>(
        this, responses, uploadMessages, () -> StringResult.newBuilder().setResult(jobId).build());
  }

  @Override
  public StreamObserver<ValidatePackageRequest> validatePackage(
      StreamObserver<ValidationReport> responses) {
    return new UploadCollector<>(this, responses, validateMessages, () -> validationReport);
  }

  @Override
  public void getCourseZip(GetCourseZipRequest request, StreamObserver<FileChunk> responses) {
    stream(request, responses);
  }

  @Override
  public void getCourseAsset(GetCourseAssetRequest request, StreamObserver<FileChunk> responses) {
    stream(request, responses);
  }

  private void stream(Message request, StreamObserver<FileChunk> responses) {
    requests.add(request);
    if (failure != null) {
      responses.onError(failure);
      return;
    }
    byte[] bytes = file;
    long size = announcedSize == -2 ? bytes.length : announcedSize;
    FileInfo info =
        FileInfo.newBuilder()
            .setFileName(fileName)
            .setContentType("application/zip")
            .setSize(size)
            .build();
    responses.onNext(FileChunk.newBuilder().setInfo(info).build());
    for (int offset = 0; offset < bytes.length; offset += 10_000) {
      int length = Math.min(10_000, bytes.length - offset);
      responses.onNext(
          FileChunk.newBuilder().setData(ByteString.copyFrom(bytes, offset, length)).build());
    }
    responses.onCompleted();
  }

  protected <T> void reply(Message request, StreamObserver<T> responses, Supplier<T> answer) {
    requests.add(request);
    if (failure != null) {
      responses.onError(failure);
      return;
    }
    responses.onNext(answer.get());
    responses.onCompleted();
  }

  /** The last unary request of the given type. */
  public <T extends Message> T last(Class<T> type) {
    for (int i = requests.size() - 1; i >= 0; i--) {
      if (type.isInstance(requests.get(i))) {
        return type.cast(requests.get(i));
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " received");
  }
}
