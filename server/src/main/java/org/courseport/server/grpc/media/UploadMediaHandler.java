package org.courseport.server.grpc.media;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import org.courseport.api.v1.MediaItem;
import org.courseport.api.v1.UploadMediaMetadata;
import org.courseport.api.v1.UploadMediaRequest;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.media.MediaCatalog;
import org.courseport.server.domain.media.MediaUpload;
import org.courseport.server.grpc.ChunkStreamHandler;

/**
 * Receives one UploadMedia stream: metadata first, then the bytes straight into the blob store,
 * optionally an attribution after them. A refused file ends the call at once.
 */
final class UploadMediaHandler extends ChunkStreamHandler<UploadMediaRequest, MediaItem> {
  private final MediaCatalog catalog;
  private final String tenantId;
  private MediaUpload upload;

  UploadMediaHandler(MediaCatalog catalog, String tenantId, StreamObserver<MediaItem> response) {
    super(response);
    this.catalog = catalog;
    this.tenantId = tenantId;
  }

  @Override
  protected void start(UploadMediaRequest first) {
    if (!first.hasMetadata()) {
      throw DomainException.invalid(
          "UPLOAD_INVALID", "The first message of a media upload must carry metadata.");
    }
    UploadMediaMetadata m = first.getMetadata();
    upload =
        catalog.beginUpload(
            tenantId,
            m.getFilename(),
            m.getDeclaredMimeType(),
            m.hasAttribution() ? MediaProtoMapper.fromProto(m.getAttribution()) : null,
            m.hasSize() ? m.getSize() : null);
  }

  @Override
  protected ByteString chunkOf(UploadMediaRequest message) {
    return message.hasChunk() ? message.getChunk() : null;
  }

  @Override
  protected void other(UploadMediaRequest message) {
    if (!message.hasAttribution()) {
      throw DomainException.invalid(
          "UPLOAD_INVALID", "Only the first message of a media upload may carry metadata.");
    }
    upload.attribution(MediaProtoMapper.fromProto(message.getAttribution()));
  }

  @Override
  protected void writeChunk(byte[] bytes, int off, int len) {
    upload.write(bytes, off, len);
  }

  @Override
  protected MediaItem finish() {
    if (upload == null) {
      throw DomainException.invalid("UPLOAD_INVALID", "The media upload carried no metadata.");
    }
    return MediaProtoMapper.toProto(upload.finish());
  }

  @Override
  protected void release() {
    if (upload != null) {
      upload.close();
    }
  }
}
