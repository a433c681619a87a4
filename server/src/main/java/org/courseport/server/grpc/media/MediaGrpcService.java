package org.courseport.server.grpc.media;

import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.courseport.api.v1.DeleteMediaRequest;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.FileInfo;
import org.courseport.api.v1.GetMediaContentRequest;
import org.courseport.api.v1.GetMediaRequest;
import org.courseport.api.v1.GetWidgetRequest;
import org.courseport.api.v1.ListMediaRequest;
import org.courseport.api.v1.ListMediaResponse;
import org.courseport.api.v1.ListWidgetsRequest;
import org.courseport.api.v1.ListWidgetsResponse;
import org.courseport.api.v1.MediaItem;
import org.courseport.api.v1.MediaServiceGrpc;
import org.courseport.api.v1.RegisterExternalMediaRequest;
import org.courseport.api.v1.UploadMediaRequest;
import org.courseport.api.v1.UploadWidgetRequest;
import org.courseport.api.v1.Widget;
import org.courseport.server.auth.TenantContext;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.media.MediaCatalog;
import org.courseport.server.domain.media.WidgetBundle;
import org.courseport.server.grpc.Calls;
import org.courseport.server.grpc.FileStreamer;
import org.courseport.server.grpc.GrpcErrorMapper;

/** The gRPC adapter of MediaService: maps requests, calls {@link MediaCatalog}, maps back. */
public final class MediaGrpcService extends MediaServiceGrpc.MediaServiceImplBase {
  private final MediaCatalog catalog;

  public MediaGrpcService(MediaCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public StreamObserver<UploadMediaRequest> uploadMedia(StreamObserver<MediaItem> response) {
    return new UploadMediaHandler(catalog, TenantContext.tenantId(), response);
  }

  @Override
  public void registerExternalMedia(
      RegisterExternalMediaRequest r, StreamObserver<MediaItem> response) {
    Calls.unary(
        response,
        () ->
            MediaProtoMapper.toProto(
                catalog.registerExternal(
                    TenantContext.tenantId(),
                    r.getUrl(),
                    r.getMimeType(),
                    r.hasAttribution() ? MediaProtoMapper.fromProto(r.getAttribution()) : null)));
  }

  @Override
  public void getMedia(GetMediaRequest r, StreamObserver<MediaItem> response) {
    Calls.unary(
        response,
        () ->
            MediaProtoMapper.toProto(
                catalog.get(
                    TenantContext.tenantId(), MediaCatalog.parseId("media", r.getMediaId()))));
  }

  @Override
  public void listMedia(ListMediaRequest r, StreamObserver<ListMediaResponse> response) {
    Calls.unary(
        response,
        () -> {
          int size = MediaProtoMapper.pageSize(r.getPageSize());
          int offset = MediaProtoMapper.offset(r.getPageToken());
          var page = catalog.list(TenantContext.tenantId(), offset, size + 1);
          ListMediaResponse.Builder b = ListMediaResponse.newBuilder();
          page.stream().limit(size).forEach(m -> b.addMedia(MediaProtoMapper.toProto(m)));
          return b.setNextPageToken(MediaProtoMapper.nextToken(offset, size, page.size() > size))
              .build();
        });
  }

  @Override
  public void deleteMedia(DeleteMediaRequest r, StreamObserver<Empty> response) {
    Calls.unary(
        response,
        () -> {
          catalog.delete(TenantContext.tenantId(), MediaCatalog.parseId("media", r.getMediaId()));
          return Empty.getDefaultInstance();
        });
  }

  @Override
  public void getMediaContent(GetMediaContentRequest r, StreamObserver<FileChunk> response) {
    org.courseport.server.domain.media.MediaItem item;
    InputStream in;
    try {
      item = catalog.get(TenantContext.tenantId(), MediaCatalog.parseId("media", r.getMediaId()));
      if (item.external()) {
        throw new DomainException(
            DomainException.Kind.FAILED_PRECONDITION,
            "MEDIA_EXTERNAL",
            "Media '" + item.id() + "' is external: its bytes are at " + item.externalUrl() + ".");
      }
      in = catalog.open(item);
    } catch (IOException e) {
      response.onError(GrpcErrorMapper.toStatusException(new UncheckedIOException(e)));
      return;
    } catch (RuntimeException e) {
      response.onError(GrpcErrorMapper.toStatusException(e));
      return;
    }
    String name =
        item.filename() != null
            ? item.filename()
            : item.id() + (item.ext() == null ? "" : "." + item.ext());
    FileStreamer.start(
        response,
        FileInfo.newBuilder()
            .setFileName(name)
            .setContentType(item.mimeType())
            .setSize(item.sizeBytes())
            .setEtag(item.sha256())
            .build(),
        in);
  }

  @Override
  public StreamObserver<UploadWidgetRequest> uploadWidget(StreamObserver<Widget> response) {
    return new UploadWidgetHandler(catalog, TenantContext.tenantId(), response, this::toProto);
  }

  @Override
  public void getWidget(GetWidgetRequest r, StreamObserver<Widget> response) {
    Calls.unary(
        response,
        () ->
            toProto(
                catalog.getWidget(
                    TenantContext.tenantId(), MediaCatalog.parseId("widget", r.getWidgetId()))));
  }

  @Override
  public void listWidgets(ListWidgetsRequest r, StreamObserver<ListWidgetsResponse> response) {
    Calls.unary(
        response,
        () -> {
          int size = MediaProtoMapper.pageSize(r.getPageSize());
          int offset = MediaProtoMapper.offset(r.getPageToken());
          List<WidgetBundle> page = catalog.listWidgets(TenantContext.tenantId(), offset, size + 1);
          ListWidgetsResponse.Builder b = ListWidgetsResponse.newBuilder();
          page.stream().limit(size).forEach(w -> b.addWidgets(toProto(w)));
          return b.setNextPageToken(MediaProtoMapper.nextToken(offset, size, page.size() > size))
              .build();
        });
  }

  private Widget toProto(WidgetBundle w) {
    return MediaProtoMapper.toProto(
        w, catalog.sizeOf(w.scriptSha256()), w.hasStyle() ? catalog.sizeOf(w.styleSha256()) : null);
  }
}
