package org.courseport.server.contentexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.courseport.api.v1.ContentExport;
import org.courseport.api.v1.CreateContentExportRequest;
import org.courseport.api.v1.DownloadContentExportRequest;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.GetContentExportRequest;
import org.courseport.api.v1.GetProgressRequest;
import org.courseport.api.v1.Progress;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Canvas methods over in-process gRPC behind the real AuthInterceptor: create with a Bearer
 * key, the export polled to exported, its package streamed by DownloadContentExport without a key
 * (info first: name, type, exact size, SHA-256), and the documented status codes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ContentExportGrpcTest {
  static CanvasHarness h;

  @BeforeAll
  static void start() throws IOException {
    h = new CanvasHarness();
  }

  @AfterAll
  static void stop() throws IOException {
    h.close();
  }

  static ExportServiceGrpc.ExportServiceBlockingStub stub(String key) {
    ExportServiceGrpc.ExportServiceBlockingStub stub =
        ExportServiceGrpc.newBlockingStub(h.channel());
    if (key == null) {
      return stub;
    }
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  @Test
  void createdExport_isDownloadedWithoutAKey() throws Exception {
    h.addCourse(CanvasHarness.TENANT, "grpc-course");
    ContentExport created =
        stub(h.key)
            .createContentExport(
                CreateContentExportRequest.newBuilder()
                    .setContextType("courses")
                    .setContextId("grpc-course")
                    .setExportType("qti")
                    .build());
    assertThat(created.getWorkflowState()).isEqualTo("created");
    assertThat(created.hasAttachment()).isFalse();

    ContentExport e;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    do {
      e =
          stub(h.key)
              .getContentExport(
                  GetContentExportRequest.newBuilder()
                      .setContextType("courses")
                      .setContextId("grpc-course")
                      .setExportId(created.getId())
                      .build());
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.onSpinWait();
    } while (!e.getWorkflowState().equals("exported") && !e.getWorkflowState().equals("failed"));
    assertThat(e.getWorkflowState()).isEqualTo("exported");
    String url = e.getAttachment().getUrl();
    String token = url.substring(url.indexOf("/files/") + 7, url.lastIndexOf("/download"));

    Iterator<FileChunk> chunks =
        stub(null)
            .downloadContentExport(
                DownloadContentExportRequest.newBuilder().setToken(token).build());
    FileChunk first = chunks.next();
    assertThat(first.hasInfo()).isTrue();
    byte[] expected = ScriptedCourseExports.zip("grpc-course", ExportOptions.of(ExportFormat.QTI));
    assertThat(first.getInfo().getFileName()).isEqualTo("grpc-course-qti.zip");
    assertThat(first.getInfo().getContentType()).isEqualTo("application/zip");
    assertThat(first.getInfo().getSize()).isEqualTo(expected.length);
    assertThat(first.getInfo().getEtag())
        .isEqualTo(
            java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(expected)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    chunks.forEachRemaining(c -> bytes.writeBytes(c.getData().toByteArray()));
    assertThat(bytes.toByteArray()).isEqualTo(expected);

    Progress p =
        stub(h.key).getProgress(GetProgressRequest.newBuilder().setProgressId(e.getId()).build());
    assertThat(p.getWorkflowState()).isEqualTo("completed");
    assertThat(p.getCompletion()).isEqualTo(100.0);
    assertThat(p.hasMessage()).isFalse();
  }

  @Test
  void statusCodes() {
    StatusRuntimeException unknown =
        catchThrowableOfType(
            () ->
                stub(null)
                    .downloadContentExport(
                        DownloadContentExportRequest.newBuilder().setToken("A".repeat(43)).build())
                    .next(),
            StatusRuntimeException.class);
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    StatusRuntimeException noKey =
        catchThrowableOfType(
            () -> stub(null).getProgress(GetProgressRequest.newBuilder().setProgressId(1).build()),
            StatusRuntimeException.class);
    assertThat(noKey.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    StatusRuntimeException unknownCourse =
        catchThrowableOfType(
            () ->
                stub(h.key)
                    .createContentExport(
                        CreateContentExportRequest.newBuilder()
                            .setContextType("courses")
                            .setContextId("x")
                            .setExportType("pdf")
                            .build()),
            StatusRuntimeException.class);
    assertThat(unknownCourse.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }
}
