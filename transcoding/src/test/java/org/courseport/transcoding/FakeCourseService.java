package org.courseport.transcoding;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseList;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.CreateFetchAndImportCourseJobRequest;
import org.courseport.api.v1.CreateUploadAndImportCourseJobRequest;
import org.courseport.api.v1.DeleteCourseRequest;
import org.courseport.api.v1.DeleteCourseTagsRequest;
import org.courseport.api.v1.DeleteCourseVersionRequest;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.FileInfo;
import org.courseport.api.v1.FileList;
import org.courseport.api.v1.FileListItem;
import org.courseport.api.v1.GetCourseAssetRequest;
import org.courseport.api.v1.GetCourseFileListRequest;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.GetCourseZipRequest;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.api.v1.SetCourseTitleRequest;
import org.courseport.api.v1.StringResult;

/**
 * Test double of the transport: a CourseService that records every request and answers canned
 * messages, or the failure set with {@link #failWith}. Streaming methods respect flow control.
 */
final class FakeCourseService extends CourseServiceGrpc.CourseServiceImplBase {

  static final Metadata.Key<String> TOTAL_COUNT =
      Metadata.Key.of("x-total-count", Metadata.ASCII_STRING_MARSHALLER);

  static final String ZIP_ETAG = "blob-1";

  final List<Message> requests = new CopyOnWriteArrayList<>();
  final UploadRecorder upload = new UploadRecorder();
  volatile StatusRuntimeException failure;
  volatile byte[] zip = new byte[0];
  final AtomicInteger dataChunksSent = new AtomicInteger();

  /** The course every read answers: version 0, SCORM 1.2, no registration count. */
  static Course course() {
    return Course.newBuilder()
        .setId("c1")
        .setTitle("Golf")
        .setCreated(Timestamp.newBuilder().setSeconds(1705314030L))
        .setUpdated(Timestamp.newBuilder().setSeconds(1705314030L).setNanos(120_000_000))
        .setVersion(0)
        .setCourseLearningStandard(Course.LearningStandard.SCORM12)
        .addTags("sports")
        .setDispatched(false)
        .build();
  }

  void failWith(StatusRuntimeException e) {
    failure = e;
  }

  @Override
  public void getCourses(GetCoursesRequest request, StreamObserver<CourseList> out) {
    if (request.getIncludeTotalCount()) {
      ResponseHeadersInterceptor.current().put(TOTAL_COUNT, "42");
    }
    answer(request, out, CourseList.newBuilder().addCourses(course()).build());
  }

  @Override
  public void getCourse(GetCourseRequest request, StreamObserver<Course> out) {
    answer(request, out, course());
  }

  @Override
  public void getCourseFileList(GetCourseFileListRequest request, StreamObserver<FileList> out) {
    answer(
        request,
        out,
        FileList.newBuilder()
            .addFiles(FileListItem.newBuilder().setPath("imsmanifest.xml").setSize(5_000_000_000L))
            .build());
  }

  @Override
  public void deleteCourse(DeleteCourseRequest request, StreamObserver<Empty> out) {
    answer(request, out, Empty.getDefaultInstance());
  }

  @Override
  public void deleteCourseVersion(DeleteCourseVersionRequest request, StreamObserver<Empty> out) {
    answer(request, out, Empty.getDefaultInstance());
  }

  @Override
  public void setCourseTitle(SetCourseTitleRequest request, StreamObserver<Empty> out) {
    answer(request, out, Empty.getDefaultInstance());
  }

  @Override
  public void deleteCourseTags(DeleteCourseTagsRequest request, StreamObserver<Empty> out) {
    answer(request, out, Empty.getDefaultInstance());
  }

  @Override
  public void createFetchAndImportCourseJob(
      CreateFetchAndImportCourseJobRequest request, StreamObserver<StringResult> out) {
    answer(request, out, StringResult.newBuilder().setResult("job-fetch").build());
  }

  @Override
  public StreamObserver<CreateUploadAndImportCourseJobRequest> createUploadAndImportCourseJob(
      StreamObserver<StringResult> out) {
    return upload.start(out);
  }

  @Override
  public void getCourseZip(GetCourseZipRequest request, StreamObserver<FileChunk> out) {
    requests.add(request);
    byte[] bytes = zip;
    FileInfo info =
        FileInfo.newBuilder()
            .setFileName("Golf «basics».zip")
            .setContentType("application/zip")
            .setSize(bytes.length)
            .setEtag(ZIP_ETAG)
            .build();
    int from = (int) Math.min(request.getOffset(), bytes.length);
    int to =
        request.hasLimit() ? (int) Math.min(bytes.length, from + request.getLimit()) : bytes.length;
    stream(out, info, java.util.Arrays.copyOfRange(bytes, from, to));
  }

  @Override
  public void getCourseAsset(GetCourseAssetRequest request, StreamObserver<FileChunk> out) {
    requests.add(request);
    if (failure != null) {
      out.onError(failure);
      return;
    }
    byte[] html = "<html>hi</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    FileInfo info =
        FileInfo.newBuilder()
            .setFileName(request.getRelativePath())
            .setContentType("text/html")
            .setSize(-1)
            .build();
    stream(out, info, html);
  }

  private <T> void answer(Message request, StreamObserver<T> out, T response) {
    requests.add(request);
    StatusRuntimeException error = failure;
    if (error != null) {
      out.onError(error);
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }

  /** Sends {@code info} then {@code bytes} in 64 KiB chunks, only while the call is ready. */
  private void stream(StreamObserver<FileChunk> out, FileInfo info, byte[] bytes) {
    ServerCallStreamObserver<FileChunk> call = (ServerCallStreamObserver<FileChunk>) out;
    int[] offset = {-1};
    Consumer<Void> pump =
        new Consumer<>() {
          @Override
          public synchronized void accept(Void unused) {
            while (call.isReady() && offset[0] <= bytes.length) {
              if (offset[0] < 0) {
                call.onNext(FileChunk.newBuilder().setInfo(info).build());
                offset[0] = 0;
              } else if (offset[0] == bytes.length) {
                call.onCompleted();
                offset[0]++;
              } else {
                int n = Math.min(64 * 1024, bytes.length - offset[0]);
                call.onNext(
                    FileChunk.newBuilder()
                        .setData(ByteString.copyFrom(bytes, offset[0], n))
                        .build());
                offset[0] += n;
                dataChunksSent.incrementAndGet();
              }
            }
          }
        };
    call.setOnReadyHandler(() -> pump.accept(null));
    pump.accept(null);
  }
}
