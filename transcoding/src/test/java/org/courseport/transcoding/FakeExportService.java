package org.courseport.transcoding;

import com.google.protobuf.Message;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.courseport.api.v1.CourseExport;
import org.courseport.api.v1.ExportCourseRequest;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.api.v1.RevokeCourseExportRequest;
import org.courseport.api.v1.RevokeCourseExportResponse;

/** Test double of ExportService's LearningStudio RPCs: records each request, answers defaults. */
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

  @Override
  public void revokeCourseExport(
      RevokeCourseExportRequest request, StreamObserver<RevokeCourseExportResponse> observer) {
    requests.add(request);
    observer.onNext(
        RevokeCourseExportResponse.newBuilder().setExportId(request.getExportId()).build());
    observer.onCompleted();
  }
}
