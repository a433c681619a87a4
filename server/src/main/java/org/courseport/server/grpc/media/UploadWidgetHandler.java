package org.courseport.server.grpc.media;

import io.grpc.stub.StreamObserver;
import java.util.function.Function;
import org.courseport.api.v1.UploadWidgetRequest;
import org.courseport.api.v1.Widget;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.media.MediaCatalog;
import org.courseport.server.domain.media.WidgetBundle;
import org.courseport.server.domain.media.WidgetUpload;
import org.courseport.server.grpc.ChunkStreamHandler;

/**
 * Receives one UploadWidget stream: metadata, script and style chunks in any order (so every
 * message, the first too, is handled in {@link #other}).
 */
final class UploadWidgetHandler extends ChunkStreamHandler<UploadWidgetRequest, Widget> {
  private final WidgetUpload upload;
  private final Function<WidgetBundle, Widget> mapper;

  UploadWidgetHandler(
      MediaCatalog catalog,
      String tenantId,
      StreamObserver<Widget> response,
      Function<WidgetBundle, Widget> mapper) {
    super(response);
    this.upload = catalog.beginWidget(tenantId);
    this.mapper = mapper;
  }

  @Override
  protected void other(UploadWidgetRequest message) {
    switch (message.getContentCase()) {
      case METADATA -> upload.widgetType(message.getMetadata().getWidgetType());
      case SCRIPT_CHUNK -> {
        byte[] b = message.getScriptChunk().toByteArray();
        upload.writeScript(b, 0, b.length);
      }
      case STYLE_CHUNK -> {
        byte[] b = message.getStyleChunk().toByteArray();
        upload.writeStyle(b, 0, b.length);
      }
      default ->
          throw DomainException.invalid(
              "UPLOAD_INVALID", "A widget upload message carried nothing.");
    }
  }

  @Override
  protected Widget finish() {
    return mapper.apply(upload.finish());
  }

  @Override
  protected void release() {
    upload.close();
  }
}
