package org.courseport.server.courseexport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import org.courseport.api.v1.CourseExport;
import org.courseport.api.v1.DownloadCourseExportRequest;
import org.courseport.api.v1.ExportCourseRequest;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.GetSharePageRequest;
import org.courseport.api.v1.RevokeCourseExportRequest;
import org.courseport.api.v1.SharePage;
import org.courseport.server.domain.tenant.Plan;
import org.courseport.server.grpc.GrpcFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The course export RPCs over in-process gRPC: codes, ErrorInfo reasons and metadata, streams. */
class ExportCourseGrpcTest {
  private static CourseExportHarness h;
  private static String key;

  @BeforeAll
  static void start() throws Exception {
    h = new CourseExportHarness();
    key = h.addTenant("grpc-tenant", Plan.PAID);
    h.addCourse("grpc-tenant", "cou_grpc", "gRPC course");
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static ErrorInfo fails(Status.Code code, Runnable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call::run);
    assertThat(t).isInstanceOf(StatusRuntimeException.class);
    assertThat(((StatusRuntimeException) t).getStatus().getCode()).as(t.toString()).isEqualTo(code);
    return GrpcFixtures.errorInfo(t);
  }

  @Test
  void exportDownloadRevokeAndSharePage() {
    h.clock.advance(Duration.ofMinutes(2));
    CourseExport export =
        h.blocking(key)
            .exportCourse(
                ExportCourseRequest.newBuilder()
                    .setCourseId("cou_grpc")
                    .setFormat("scorm2004_4")
                    .setMultiSco(true)
                    .build());
    assertThat(export.getFormat()).isEqualTo("scorm2004_4");
    assertThat(h.exports.calls.get(h.exports.calls.size() - 1).multiSco()).isTrue();
    String token = export.getDownloadUrl().substring(export.getDownloadUrl().lastIndexOf('/') + 1);

    // No credentials needed for the download.
    Iterator<FileChunk> chunks =
        h.anonymous()
            .downloadCourseExport(DownloadCourseExportRequest.newBuilder().setToken(token).build());
    FileChunk first = chunks.next();
    assertThat(first.getInfo().getContentType()).isEqualTo("application/zip");
    assertThat(first.getInfo().getSize()).isEqualTo(export.getSize());
    assertThat(first.getInfo().getEtag()).isEqualTo(export.getSha256());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    chunks.forEachRemaining(c -> bytes.writeBytes(c.getData().toByteArray()));
    assertThat(bytes.size()).isEqualTo(export.getSize());

    SharePage page =
        h.anonymous()
            .getSharePage(GetSharePageRequest.newBuilder().setCourseId("cou_grpc").build());
    assertThat(page.getTitle()).isEqualTo("gRPC course");
    assertThat(page.getPreviewEnabled()).isFalse();

    var revoked =
        h.blocking(key)
            .revokeCourseExport(
                RevokeCourseExportRequest.newBuilder()
                    .setCourseId("cou_grpc")
                    .setExportId(export.getExportId())
                    .build());
    assertThat(revoked.getExportId()).isEqualTo(export.getExportId());
    ErrorInfo gone =
        fails(
            Status.Code.NOT_FOUND,
            () ->
                h.anonymous()
                    .downloadCourseExport(
                        DownloadCourseExportRequest.newBuilder().setToken(token).build())
                    .next());
    assertThat(gone.getReason()).isEqualTo("NOT_FOUND");
    fails(
        Status.Code.NOT_FOUND,
        () ->
            h.anonymous()
                .getSharePage(GetSharePageRequest.newBuilder().setCourseId("cou_none").build()));
  }

  @Test
  void errorsCarryTheLearningStudioReasons() {
    h.clock.advance(Duration.ofMinutes(2));
    assertThat(
            fails(
                    Status.Code.INVALID_ARGUMENT,
                    () ->
                        h.blocking(key)
                            .exportCourse(
                                ExportCourseRequest.newBuilder()
                                    .setCourseId("cou_grpc")
                                    .setFormat("qti")
                                    .build()))
                .getReason())
        .isEqualTo("VALIDATION_ERROR");
    fails(
        Status.Code.UNAUTHENTICATED,
        () ->
            h.anonymous()
                .exportCourse(ExportCourseRequest.newBuilder().setCourseId("cou_grpc").build()));
    String free = h.addTenant("grpc-free", Plan.FREE);
    assertThat(
            fails(
                    Status.Code.PERMISSION_DENIED,
                    () ->
                        h.blocking(free)
                            .exportCourse(
                                ExportCourseRequest.newBuilder().setCourseId("x").build()))
                .getReason())
        .isEqualTo("PAID_PLAN_REQUIRED");
  }

  @Test
  void rateLimitIsResourceExhaustedWithRetryAfterMetadata() {
    Instant now = h.clock.instant();
    h.clock.set(Instant.ofEpochSecond(now.getEpochSecond() / 60 * 60 + 120).plusMillis(59_500));
    String limited = h.addKey("grpc-tenant");
    ExportCourseRequest missing = ExportCourseRequest.newBuilder().setCourseId("cou_nope").build();
    for (int i = 0; i < 30; i++) {
      fails(Status.Code.NOT_FOUND, () -> h.blocking(limited).exportCourse(missing));
    }
    ErrorInfo info =
        fails(Status.Code.RESOURCE_EXHAUSTED, () -> h.blocking(limited).exportCourse(missing));
    assertThat(info.getReason()).isEqualTo("RATE_LIMIT_EXCEEDED");
    assertThat(info.getMetadataMap()).containsEntry("retry_after_seconds", "1");
  }
}
