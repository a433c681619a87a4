package org.courseport.server.grpc.media;

import io.grpc.stub.StreamObserver;
import java.util.function.Function;
import org.courseport.api.v1.UploadWidgetRequest;
import org.courseport.api.v1.Widget;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.media.MediaCatalog;
import org.courseport.server.domain.media.WidgetBundle;
import org.courseport.server.domain.media.WidgetUpload;
import org.courseport.server.grpc.Calls;

/** Receives one UploadWidget stream: metadata, script and style chunks in any order. */
final class UploadWidgetHandler implements StreamObserver<UploadWidgetRequest> {
  private final WidgetUpload upload;
  private final StreamObserver<Widget> response;
  private final Function<WidgetBundle, Widget> mapper;
  private boolean failed;

  UploadWidgetHandler(
      MediaCatalog catalog,
      String tenantId,
      StreamObserver<Widget> response,
      Function<WidgetBundle, Widget> mapper) {
    this.upload = catalog.beginWidget(tenantId);
    this.response = response;
    this.mapper = mapper;
  }

  @Override
  public void onNext(UploadWidgetRequest message) {
    if (failed) {
      return;
    }
    Calls.streaming(
        response,
        this::fail,
        () -> {
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
        });
  }

  @Override
  public void onError(Throwable t) {
    upload.close();
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
            Widget widget = mapper.apply(upload.finish());
            response.onNext(widget);
            response.onCompleted();
          } finally {
            upload.close();
          }
        });
  }

  private void fail() {
    failed = true;
    upload.close();
  }
}
