package org.courseport.client;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.courseport.api.v1.CourseExport;
import org.courseport.api.v1.DownloadCourseExportRequest;
import org.courseport.api.v1.ExportCourseRequest;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.api.v1.RevokeCourseExportRequest;
import org.courseport.api.v1.RevokeCourseExportResponse;

/** LearningStudio's course export over ExportService: export, download by token, revoke. */
public final class CourseExportCalls {
  private final Channel channel;
  private final Duration exportTimeout;

  CourseExportCalls(Channel channel, Duration exportTimeout) {
    this.channel = channel;
    this.exportTimeout = exportTimeout;
  }

  /** Exports the course ("scorm12", "scorm2004" or "scorm2004_4"; empty for the default). */
  public CourseExport export(String courseId, String format, boolean multiSco) {
    try {
      return ExportServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(exportTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .exportCourse(
              ExportCourseRequest.newBuilder()
                  .setCourseId(courseId)
                  .setFormat(format == null ? "" : format)
                  .setMultiSco(multiSco)
                  .build());
    } catch (StatusRuntimeException e) {
      throw ErrorTable.toException(e);
    }
  }

  /**
   * Downloads an export's zip by the token at the end of its download URL to {@code target} (or
   * into it, if a directory, under the server's file name).
   */
  public Path download(CourseExport export, Path target) throws IOException {
    String url = export.getDownloadUrl();
    String token = url.substring(url.lastIndexOf('/') + 1);
    return new FileDownload(target, export.getCourseId() + ".zip")
        .run(
            () ->
                ExportServiceGrpc.newBlockingStub(channel)
                    .downloadCourseExport(
                        DownloadCourseExportRequest.newBuilder().setToken(token).build()));
  }

  /** Revokes an export's download URL. */
  public RevokeCourseExportResponse revoke(String courseId, String exportId) {
    try {
      return ExportServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(exportTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .revokeCourseExport(
              RevokeCourseExportRequest.newBuilder()
                  .setCourseId(courseId)
                  .setExportId(exportId)
                  .build());
    } catch (StatusRuntimeException e) {
      throw ErrorTable.toException(e);
    }
  }
}
