package org.courseport.server.grpc.media;

import io.grpc.stub.StreamObserver;
import java.io.OutputStream;
import org.courseport.api.v1.MediaItem;
import org.courseport.api.v1.UploadMediaMetadata;
import org.courseport.api.v1.UploadMediaRequest;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.media.MediaCatalog;
import org.courseport.server.domain.media.MediaUpload;
import org.courseport.server.grpc.Calls;

/**
 * Receives one UploadMedia stream: metadata first, then the bytes straight into the blob store,
 * optionally an attribution after them. A refused file ends the call at once.
 */
final class UploadMediaHandler implements StreamObserver<UploadMediaRequest> {
  private final MediaCatalog catalog;
  private final String tenantId;
  private final StreamObserver<MediaItem> response;
  private MediaUpload upload;
  private boolean failed;

  /** Where chunks go: {@code ByteString.writeTo} hands over the chunk's own array, no copy. */
  private final OutputStream chunks =
      new OutputStream() {
        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          upload.write(b, off, len);
        }
      };

  UploadMediaHandler(MediaCatalog catalog, String tenantId, StreamObserver<MediaItem> response) {
    this.catalog = catalog;
    this.tenantId = tenantId;
    this.response = response;
  }

  @Override
  public void onNext(UploadMediaRequest message) {
    if (failed) {
      return;
    }
    Calls.streaming(
        response,
        this::fail,
        () -> {
          if (upload == null) {
            if (!message.hasMetadata()) {
              throw DomainException.invalid(
                  "UPLOAD_INVALID", "The first message of a media upload must carry metadata.");
            }
            UploadMediaMetadata m = message.getMetadata();
            upload =
                catalog.beginUpload(
                    tenantId,
                    m.getFilename(),
                    m.getDeclaredMimeType(),
                    m.hasAttribution() ? MediaProtoMapper.fromProto(m.getAttribution()) : null,
                    m.hasSize() ? m.getSize() : null);
          } else if (message.hasChunk()) {
            message.getChunk().writeTo(chunks);
          } else if (message.hasAttribution()) {
            upload.attribution(MediaProtoMapper.fromProto(message.getAttribution()));
          } else {
            throw DomainException.invalid(
                "UPLOAD_INVALID", "Only the first message of a media upload may carry metadata.");
          }
        });
  }

  @Override
  public void onError(Throwable t) {
    close();
  }

  @Override
  public void onCompleted() {
    if (failed) {
      return;
    }
    Calls.streaming(
        response,
        this::fail,
        () -> {
          try {
            if (upload == null) {
              throw DomainException.invalid(
                  "UPLOAD_INVALID", "The media upload carried no metadata.");
            }
            MediaItem item = MediaProtoMapper.toProto(upload.finish());
            response.onNext(item);
            response.onCompleted();
          } finally {
            close();
          }
        });
  }

  private void fail() {
    failed = true;
    close();
  }

  private void close() {
    if (upload != null) {
      upload.close();
    }
  }
}
