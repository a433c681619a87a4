package org.courseport.client;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.courseport.api.v1.DeleteMediaRequest;
import org.courseport.api.v1.GetMediaRequest;
import org.courseport.api.v1.ListMediaRequest;
import org.courseport.api.v1.ListMediaResponse;
import org.courseport.api.v1.ListWidgetsRequest;
import org.courseport.api.v1.ListWidgetsResponse;
import org.courseport.api.v1.MediaAttribution;
import org.courseport.api.v1.MediaItem;
import org.courseport.api.v1.MediaServiceGrpc;
import org.courseport.api.v1.MediaServiceGrpc.MediaServiceBlockingStub;
import org.courseport.api.v1.RegisterExternalMediaRequest;
import org.courseport.api.v1.UploadMediaMetadata;
import org.courseport.api.v1.UploadMediaRequest;
import org.courseport.api.v1.UploadWidgetMetadata;
import org.courseport.api.v1.UploadWidgetRequest;
import org.courseport.api.v1.Widget;

/** The MediaService calls: the tenant's media library and widgets. */
public final class MediaCalls {
  private final Channel channel;
  private final Duration callTimeout;

  MediaCalls(Channel channel, Duration callTimeout) {
    this.channel = channel;
    this.callTimeout = callTimeout;
  }

  /**
   * Streams a media file; the server detects its type from the bytes (a declared type, if given,
   * must agree). Returns the created media item.
   */
  public MediaItem upload(
      Path file,
      Optional<String> declaredType,
      Optional<MediaAttribution> attribution,
      ProgressListener listener)
      throws IOException {
    long size = Files.size(file);
    UploadMediaMetadata.Builder metadata =
        UploadMediaMetadata.newBuilder().setFilename(file.getFileName().toString()).setSize(size);
    declaredType.ifPresent(metadata::setDeclaredMimeType);
    attribution.ifPresent(metadata::setAttribution);
    try (FileChannel source = FileChannel.open(file)) {
      ChunkedUpload<UploadMediaRequest, MediaItem> upload =
          new ChunkedUpload<>(
              source,
              size,
              UploadMediaRequest.newBuilder().setMetadata(metadata).build(),
              bytes -> UploadMediaRequest.newBuilder().setChunk(bytes).build(),
              listener);
      MediaServiceGrpc.newStub(channel).uploadMedia(upload);
      return upload.await();
    }
  }

  /** Registers external media by URL; nothing is fetched until a lesson is exported. */
  public MediaItem addUrl(
      String url, Optional<String> mimeType, Optional<MediaAttribution> attribution) {
    RegisterExternalMediaRequest.Builder request = RegisterExternalMediaRequest.newBuilder();
    request.setUrl(url);
    mimeType.ifPresent(request::setMimeType);
    attribution.ifPresent(request::setAttribution);
    return unary(s -> s.registerExternalMedia(request.build()));
  }

  public MediaItem get(String mediaId) {
    return unary(s -> s.getMedia(GetMediaRequest.newBuilder().setMediaId(mediaId).build()));
  }

  public void delete(String mediaId) {
    unary(s -> s.deleteMedia(DeleteMediaRequest.newBuilder().setMediaId(mediaId).build()));
  }

  /** Every media item of the tenant, walking the pages. */
  public List<MediaItem> listAll() {
    List<MediaItem> all = new ArrayList<>();
    String token = "";
    do {
      ListMediaRequest request = ListMediaRequest.newBuilder().setPageToken(token).build();
      ListMediaResponse page = unary(s -> s.listMedia(request));
      all.addAll(page.getMediaList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return all;
  }

  /** Streams a widget: its type, the JavaScript bundle, then the optional CSS file. */
  public Widget uploadWidget(String widgetType, Path script, Optional<Path> style)
      throws IOException {
    long total = Files.size(script) + (style.isPresent() ? Files.size(style.get()) : 0);
    try (FileChannel js = FileChannel.open(script);
        FileChannel css = style.isPresent() ? FileChannel.open(style.get()) : null) {
      List<ChunkedUpload.Part<UploadWidgetRequest>> parts = new ArrayList<>();
      parts.add(
          new ChunkedUpload.Part<>(
              js, bytes -> UploadWidgetRequest.newBuilder().setScriptChunk(bytes).build()));
      if (css != null) {
        parts.add(
            new ChunkedUpload.Part<>(
                css, bytes -> UploadWidgetRequest.newBuilder().setStyleChunk(bytes).build()));
      }
      ChunkedUpload<UploadWidgetRequest, Widget> upload =
          new ChunkedUpload<>(
              parts,
              total,
              UploadWidgetRequest.newBuilder()
                  .setMetadata(UploadWidgetMetadata.newBuilder().setWidgetType(widgetType))
                  .build(),
              ProgressListener.NONE);
      MediaServiceGrpc.newStub(channel).uploadWidget(upload);
      return upload.await();
    }
  }

  /** Every widget of the tenant, walking the pages. */
  public List<Widget> listWidgets() {
    List<Widget> all = new ArrayList<>();
    String token = "";
    do {
      ListWidgetsRequest request = ListWidgetsRequest.newBuilder().setPageToken(token).build();
      ListWidgetsResponse page = unary(s -> s.listWidgets(request));
      all.addAll(page.getWidgetsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return all;
  }

  private <T> T unary(Function<MediaServiceBlockingStub, T> call) {
    MediaServiceBlockingStub stub =
        MediaServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return call.apply(stub);
    } catch (StatusRuntimeException e) {
      throw ErrorTable.toException(e);
    }
  }
}
