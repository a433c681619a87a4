package org.courseport.transcoding;

import com.google.protobuf.Message;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.courseport.api.v1.ContentExport;
import org.courseport.api.v1.CourseExport;
import org.courseport.api.v1.CreateContentExportRequest;
import org.courseport.api.v1.ExportCourseRequest;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.api.v1.GetContentExportRequest;
import org.courseport.api.v1.GetProgressRequest;
import org.courseport.api.v1.ListContentExportsRequest;
import org.courseport.api.v1.ListContentExportsResponse;
import org.courseport.api.v1.Progress;
import org.courseport.api.v1.RevokeCourseExportRequest;
import org.courseport.api.v1.RevokeCourseExportResponse;

/**
 * Test double of ExportService's LearningStudio and Canvas methods: records each request, answers
 * defaults.
 */
final class FakeExportService extends ExportServiceGrpc.ExportServiceImplBase {

  private final List<Message> requests;

  /** Records into {@code requests} (shared with {@link FakeCourseService}). */
  FakeExportService(List<Message> requests) {
    this.requests = requests;
  }

  @Override
  public void exportCourse(ExportCourseRequest request, StreamObserver<CourseExport> observer) {
    requests.add(request);
    observer.onNext(CourseExport.newBuilder().setCourseId(request.getCourseId()).build());
    observer.onCompleted();
  }

  private <T> void answer(Message request, T response, StreamObserver<T> observer) {
    requests.add(request);
    observer.onNext(response);
    observer.onCompleted();
  }

  @Override
  public void revokeCourseExport(
      RevokeCourseExportRequest request, StreamObserver<RevokeCourseExportResponse> observer) {
    requests.add(request);
    observer.onNext(
        RevokeCourseExportResponse.newBuilder().setExportId(request.getExportId()).build());
    observer.onCompleted();
  }

  @Override
  public void createContentExport(
      CreateContentExportRequest r, StreamObserver<ContentExport> observer) {
    answer(r, ContentExport.newBuilder().setId(1).build(), observer);
  }

  @Override
  public void listContentExports(
      ListContentExportsRequest r, StreamObserver<ListContentExportsResponse> observer) {
    answer(r, ListContentExportsResponse.getDefaultInstance(), observer);
  }

  @Override
  public void getContentExport(GetContentExportRequest r, StreamObserver<ContentExport> observer) {
    answer(r, ContentExport.getDefaultInstance(), observer);
  }

  @Override
  public void getProgress(GetProgressRequest r, StreamObserver<Progress> observer) {
    answer(r, Progress.getDefaultInstance(), observer);
  }
}
