package org.courseport.server.lessonexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.lessonexport.LessonExportHarness.TENANT;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.courseport.api.v1.ExportLessonVersionRequest;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.GetLessonExportManifestRequest;
import org.courseport.api.v1.GetLessonExportManifestResponse;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.grpc.GrpcFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ExportService over gRPC: the zip stream (info first, flow control), the manifest, errors. */
class ExportGrpcServiceTest {
  private static LessonExportHarness h;
  private static PublishedLesson lesson;
  private static UUID image;

  @BeforeAll
  static void start() throws IOException {
    h = new LessonExportHarness();
    image = h.sources.addMedia(TENANT, "image/jpeg", "jpg", ExportFixtures.jpeg(600_000, 21), null);
    lesson = h.sources.publish(TENANT, "Cells", "cells", 1, ExportFixtures.issueExample(image));
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static ExportLessonVersionRequest request(PublishedLesson l) {
    return ExportLessonVersionRequest.newBuilder()
        .setLessonId(l.lessonId().toString())
        .setVersionId(l.versionId().toString())
        .build();
  }

  @Test
  void exportLessonVersion_sendsInfoFirstThenTheZip() {
    Iterator<FileChunk> chunks = h.blocking(h.key).exportLessonVersion(request(lesson));
    GrpcFixtures.Download d = GrpcFixtures.download(chunks);
    assertThat(d.info().getFileName()).isEqualTo("cells-v1.zip");
    assertThat(d.info().getContentType()).isEqualTo("application/zip");
    assertThat(d.info().getSize()).isEqualTo(d.bytes().length);
    assertThat(d.info().getEtag()).isEqualTo(MemorySources.sha256(d.bytes()));
    assertThat(ExportFixtures.read(d.bytes()).files().get("cells-v1/media/" + image + ".jpg"))
        .hasSize(600_000);
  }

  @Test
  void exportLessonVersion_completesUnderClientManualFlowControl() throws Exception {
    // Manual flow control on the client: one message requested first, the rest later; the server
    // streams from its on-ready handler, so the stream resumes and completes whole.
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger received = new AtomicInteger();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CompletableFuture<ClientCallStreamObserver<ExportLessonVersionRequest>> call =
        new CompletableFuture<>();
    CompletableFuture<Void> first = new CompletableFuture<>();
    ExportServiceGrpc.newStub(h.channel)
        .withCallCredentials(new LessonExportHarness.BearerCredentials(h.key))
        .exportLessonVersion(
            request(lesson),
            new ClientResponseObserver<ExportLessonVersionRequest, FileChunk>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<ExportLessonVersionRequest> s) {
                s.disableAutoRequestWithInitial(1);
                call.complete(s);
              }

              @Override
              public void onNext(FileChunk c) {
                received.incrementAndGet();
                if (c.hasData()) {
                  bytes.writeBytes(c.getData().toByteArray());
                }
                first.complete(null);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                done.complete(null);
              }
            });
    first.get(30, TimeUnit.SECONDS);
    assertThat(received.get()).isEqualTo(1);
    ClientCallStreamObserver<ExportLessonVersionRequest> s = call.get();
    s.request(Integer.MAX_VALUE);
    done.get(30, TimeUnit.SECONDS);
    assertThat(received.get()).isGreaterThan(2);
    assertThat(bytes.size()).isGreaterThan(600_000);
  }

  @Test
  void getLessonExportManifest_answersTheManifestWithSignedUrls() {
    GetLessonExportManifestResponse m =
        h.blocking(h.key)
            .getLessonExportManifest(
                GetLessonExportManifestRequest.newBuilder()
                    .setLessonId(lesson.lessonId().toString())
                    .setVersionId(lesson.versionId().toString())
                    .build());
    assertThat(m.getFormatVersion()).isEqualTo("1.0.0");
    assertThat(m.getFiles().getMediaList()).hasSize(1);
    assertThat(m.getFiles().getMedia(0).getLocalPath()).isEqualTo("./media/" + image + ".jpg");
    assertThat(m.getFiles().getMedia(0).getUrl())
        .contains("/export-files/media/" + image + ".jpg?tenant=");
    assertThat(m.getFiles().getLessonUrl()).contains("/export-files/lesson.json?");
  }

  @Test
  void errors_mapToStatusesWithReasons() {
    GrpcFixtures.assertFails(
        () -> h.blocking(h.otherKey).exportLessonVersion(request(lesson)).hasNext(),
        Status.Code.NOT_FOUND,
        "NOT_FOUND");
    GrpcFixtures.assertFails(
        () ->
            h.blocking(h.key)
                .exportLessonVersion(
                    ExportLessonVersionRequest.newBuilder()
                        .setLessonId("x")
                        .setVersionId(lesson.versionId().toString())
                        .build())
                .hasNext(),
        Status.Code.INVALID_ARGUMENT,
        "BAD_REQUEST");
    GrpcFixtures.assertFails(
        () ->
            ExportServiceGrpc.newBlockingStub(h.channel)
                .exportLessonVersion(request(lesson))
                .hasNext(),
        Status.Code.UNAUTHENTICATED,
        "UNAUTHENTICATED");
    PublishedLesson bad = h.sources.publish(TENANT, "Bad", "bad", 1, "{}");
    GrpcFixtures.assertFails(
        () -> h.blocking(h.key).exportLessonVersion(request(bad)).hasNext(),
        Status.Code.FAILED_PRECONDITION,
        "INVALID_CONTENT");
  }
}
