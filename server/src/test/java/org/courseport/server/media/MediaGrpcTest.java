package org.courseport.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.GetMediaContentRequest;
import org.courseport.api.v1.GetMediaRequest;
import org.courseport.api.v1.ListMediaRequest;
import org.courseport.api.v1.MediaAttribution;
import org.courseport.api.v1.MediaItem;
import org.courseport.api.v1.MediaServiceGrpc;
import org.courseport.api.v1.RegisterExternalMediaRequest;
import org.courseport.api.v1.UploadMediaMetadata;
import org.courseport.api.v1.UploadMediaRequest;
import org.courseport.api.v1.UploadWidgetMetadata;
import org.courseport.api.v1.UploadWidgetRequest;
import org.courseport.api.v1.Widget;
import org.courseport.server.grpc.GrpcFixtures;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MediaService over in-process gRPC against the real server. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MediaGrpcTest {

  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  static io.grpc.Metadata auth(String key) {
    io.grpc.Metadata m = new io.grpc.Metadata();
    m.put(
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        CourseportServerExtension.basic(key));
    return m;
  }

  static MediaServiceGrpc.MediaServiceStub async(String key) {
    return MediaServiceGrpc.newStub(server.inProcessChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(key)));
  }

  static MediaServiceGrpc.MediaServiceBlockingStub blocking(String key) {
    return MediaServiceGrpc.newBlockingStub(server.inProcessChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(key)));
  }

  static <T> StreamObserver<T> into(CompletableFuture<T> f) {
    return new StreamObserver<>() {
      T last;

      @Override
      public void onNext(T v) {
        last = v;
      }

      @Override
      public void onError(Throwable t) {
        f.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        f.complete(last);
      }
    };
  }

  static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static MediaItem upload(String key, List<UploadMediaRequest> messages) {
    CompletableFuture<MediaItem> result = new CompletableFuture<>();
    StreamObserver<UploadMediaRequest> out = async(key).uploadMedia(into(result));
    messages.forEach(out::onNext);
    out.onCompleted();
    return await(result);
  }

  static List<UploadMediaRequest> messages(UploadMediaMetadata.Builder metadata, byte[] bytes) {
    List<UploadMediaRequest> list = new java.util.ArrayList<>();
    list.add(UploadMediaRequest.newBuilder().setMetadata(metadata).build());
    for (int off = 0; off < bytes.length; off += 1000) {
      list.add(
          UploadMediaRequest.newBuilder()
              .setChunk(ByteString.copyFrom(bytes, off, Math.min(1000, bytes.length - off)))
              .build());
    }
    return list;
  }

  @Test
  void uploadInChunks_thenReadTheBytesBack() {
    byte[] mp3 = MediaSamples.mp3Id3(7777, 11);
    List<UploadMediaRequest> msgs =
        new java.util.ArrayList<>(
            messages(
                UploadMediaMetadata.newBuilder()
                    .setFilename("song.mp3")
                    .setDeclaredMimeType("audio/mp3")
                    .setSize(mp3.length),
                mp3));
    msgs.add(
        UploadMediaRequest.newBuilder()
            .setAttribution(MediaAttribution.newBuilder().setText("Sung by Bo"))
            .build());

    MediaItem item = upload(CourseportServerExtension.KEY, msgs);

    assertThat(item.getMimeType()).isEqualTo("audio/mpeg");
    assertThat(item.getExt()).isEqualTo("mp3");
    assertThat(item.getSizeBytes()).isEqualTo(mp3.length);
    assertThat(item.getSha256()).isEqualTo(GrpcFixtures.sha256(mp3));
    assertThat(item.getAttribution().getText()).isEqualTo("Sung by Bo");
    assertThat(
            blocking(CourseportServerExtension.KEY)
                .getMedia(GetMediaRequest.newBuilder().setMediaId(item.getId()).build()))
        .isEqualTo(item);

    Iterator<FileChunk> chunks =
        blocking(CourseportServerExtension.KEY)
            .getMediaContent(GetMediaContentRequest.newBuilder().setMediaId(item.getId()).build());
    FileChunk first = chunks.next();
    assertThat(first.getInfo().getContentType()).isEqualTo("audio/mpeg");
    assertThat(first.getInfo().getSize()).isEqualTo(mp3.length);
    assertThat(first.getInfo().getFileName()).isEqualTo("song.mp3");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEachRemaining(c -> out.writeBytes(c.getData().toByteArray()));
    assertThat(out.toByteArray()).isEqualTo(mp3);
  }

  @Test
  void declaredTypeMismatch_isInvalidArgumentWithReason() {
    var error =
        GrpcFixtures.assertFails(
            () ->
                upload(
                    CourseportServerExtension.KEY,
                    messages(
                        UploadMediaMetadata.newBuilder().setDeclaredMimeType("video/webm"),
                        MediaSamples.pdf(4000, 1))),
            Status.Code.INVALID_ARGUMENT,
            "MEDIA_TYPE_MISMATCH");
    // The handler discards the partial blob before it ends the call.
    assertThat(server.filesUnder("blobs/tmp")).isEmpty();
    assertThat(error.getStatus().getDescription())
        .isEqualTo(
            "The declared type video/webm does not match the file's content, which is"
                + " application/pdf.");
  }

  @Test
  void firstMessageWithoutMetadata_isRefused() {
    var error =
        GrpcFixtures.assertFails(
            () ->
                upload(
                    CourseportServerExtension.KEY,
                    List.of(
                        UploadMediaRequest.newBuilder()
                            .setChunk(ByteString.copyFrom(MediaSamples.png(10, 1)))
                            .build())),
            Status.Code.INVALID_ARGUMENT,
            "UPLOAD_INVALID");
    assertThat(error.getStatus().getDescription())
        .isEqualTo("The first message of a media upload must carry metadata.");
  }

  @Test
  void externalMedia_andContentOfExternal_isFailedPrecondition() {
    MediaItem item =
        blocking(CourseportServerExtension.KEY)
            .registerExternalMedia(
                RegisterExternalMediaRequest.newBuilder()
                    .setUrl("https://93.184.215.14/clip")
                    .setMimeType("video/mp4")
                    .build());
    assertThat(item.getExternal()).isTrue();
    assertThat(item.getExt()).isEqualTo("mp4");
    assertThat(item.hasSizeBytes()).isFalse();
    var error =
        GrpcFixtures.assertFails(
            () ->
                blocking(CourseportServerExtension.KEY)
                    .getMediaContent(
                        GetMediaContentRequest.newBuilder().setMediaId(item.getId()).build())
                    .next(),
            Status.Code.FAILED_PRECONDITION,
            "MEDIA_EXTERNAL");
    assertThat(error.getStatus().getDescription()).contains("https://93.184.215.14/clip");
  }

  @Test
  void anotherTenant_getsNotFound_andAnEmptyList() {
    MediaItem item =
        upload(
            CourseportServerExtension.KEY,
            messages(UploadMediaMetadata.newBuilder(), MediaSamples.wav(500, 2)));
    String other = server.newTenant();
    GrpcFixtures.assertFails(
        () ->
            blocking(other).getMedia(GetMediaRequest.newBuilder().setMediaId(item.getId()).build()),
        Status.Code.NOT_FOUND,
        "MEDIA_NOT_FOUND");
    assertThat(blocking(other).listMedia(ListMediaRequest.getDefaultInstance()).getMediaCount())
        .isZero();
  }

  @Test
  void tooLargeDeclaredSize_isRefusedBeforeAnyByte_andHtmlWidgetLeavesNothing() {
    GrpcFixtures.assertFails(
        () ->
            upload(
                CourseportServerExtension.KEY,
                List.of(
                    UploadMediaRequest.newBuilder()
                        .setMetadata(UploadMediaMetadata.newBuilder().setSize(Long.MAX_VALUE))
                        .build())),
        Status.Code.RESOURCE_EXHAUSTED,
        "MEDIA_TOO_LARGE");
    CompletableFuture<Widget> result = new CompletableFuture<>();
    StreamObserver<UploadWidgetRequest> out =
        async(CourseportServerExtension.KEY).uploadWidget(into(result));
    out.onNext(
        UploadWidgetRequest.newBuilder()
            .setStyleChunk(ByteString.copyFromUtf8(".a { color: red }"))
            .build());
    out.onNext(
        UploadWidgetRequest.newBuilder()
            .setScriptChunk(ByteString.copyFromUtf8("<html></html>"))
            .build());
    out.onCompleted();
    GrpcFixtures.assertFails(
        () -> await(result), Status.Code.INVALID_ARGUMENT, "WIDGET_SCRIPT_INVALID");
    assertThat(server.filesUnder("blobs/tmp")).isEmpty();
  }

  @Test
  void widget_chunksOfScriptAndStyleInterleaved_typeLast() {
    byte[] js = "const a = 1;\nconst b = 'ü';\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] css = "body { margin: 0 }".getBytes();
    CompletableFuture<Widget> result = new CompletableFuture<>();
    StreamObserver<UploadWidgetRequest> out =
        async(CourseportServerExtension.KEY).uploadWidget(into(result));
    out.onNext(
        UploadWidgetRequest.newBuilder().setScriptChunk(ByteString.copyFrom(js, 0, 21)).build());
    out.onNext(UploadWidgetRequest.newBuilder().setStyleChunk(ByteString.copyFrom(css)).build());
    out.onNext(
        UploadWidgetRequest.newBuilder()
            .setScriptChunk(ByteString.copyFrom(js, 21, js.length - 21))
            .build());
    out.onNext(
        UploadWidgetRequest.newBuilder()
            .setMetadata(UploadWidgetMetadata.newBuilder().setWidgetType("quiz-card"))
            .build());
    out.onCompleted();
    Widget w = await(result);
    assertThat(w.getWidgetType()).isEqualTo("quiz-card");
    assertThat(w.getScriptSha256()).isEqualTo(GrpcFixtures.sha256(js));
    assertThat(w.getStyleSha256()).isEqualTo(GrpcFixtures.sha256(css));
    assertThat(w.getScriptSizeBytes()).isEqualTo(js.length);
  }
}
