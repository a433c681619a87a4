package org.courseport.transcoding.learningstudio;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.common.multipart.BodyPart;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.function.Function;
import org.courseport.api.v1.MediaServiceGrpc;
import org.courseport.api.v1.MediaServiceGrpc.MediaServiceStub;
import org.courseport.api.v1.UploadWidgetMetadata;
import org.courseport.api.v1.UploadWidgetRequest;
import org.courseport.api.v1.Widget;
import org.courseport.transcoding.core.MultipartBodies;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.core.stream.ForwardedHeaders;

/**
 * {@code POST /api/v1/widgets}: a multipart form with field {@code widgetType}, part {@code script}
 * (the JavaScript bundle) and optional part {@code style} (CSS), in any order, streamed into {@code
 * UploadWidget}. Answers 201 with the widget ({@code id}, {@code widgetType}, ...).
 */
final class WidgetUploadService implements HttpService {

  static final String TYPE_FIELD = "widgetType";
  static final String SCRIPT_PART = "script";
  static final String STYLE_PART = "style";

  private final RouteContext context;

  WidgetUploadService(RouteContext context) {
    this.context = context;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    Forms.requireMultipart(req.contentType(), "multipart/form-data");
    MediaServiceStub stub =
        MediaServiceGrpc.newStub(ForwardedHeaders.attach(context.channel(), req.headers()));
    return new WidgetForm(ctx, context, stub).start(MultipartBodies.from(req));
  }

  /** The form of a widget upload: the call starts with the first part of any kind. */
  private static final class WidgetForm extends StreamedForm<UploadWidgetRequest, Widget> {
    private static final Function<ByteString, UploadWidgetRequest> SCRIPT =
        chunk -> UploadWidgetRequest.newBuilder().setScriptChunk(chunk).build();
    private static final Function<ByteString, UploadWidgetRequest> STYLE =
        chunk -> UploadWidgetRequest.newBuilder().setStyleChunk(chunk).build();

    private final MediaServiceStub stub;
    private boolean script;
    private boolean style;
    private boolean type;

    WidgetForm(ServiceRequestContext ctx, RouteContext options, MediaServiceStub stub) {
      super(ctx, options);
      this.stub = stub;
    }

    private void ensureCall() {
      call(
          SCRIPT,
          observer -> {
            stub.uploadWidget(observer);
            return null;
          });
    }

    @Override
    boolean isStreamed(@Nullable String name) {
      return SCRIPT_PART.equals(name) || STYLE_PART.equals(name);
    }

    @Override
    void onStreamedPart(BodyPart part) {
      boolean isScript = SCRIPT_PART.equals(part.name());
      if (isScript ? script : style) {
        throw new IllegalArgumentException("Only one part '" + part.name() + "' is allowed.");
      }
      if (isScript) {
        script = true;
      } else {
        style = true;
      }
      ensureCall();
      stream(part, isScript ? SCRIPT : STYLE);
    }

    @Override
    void onField(@Nullable String name, String value) {
      if (!TYPE_FIELD.equals(name)) {
        return; // Unknown fields are ignored, as unknown JSON fields are.
      }
      if (type) {
        throw new IllegalArgumentException("Only one field 'widgetType' is allowed.");
      }
      type = true;
      ensureCall();
      send(
          UploadWidgetRequest.newBuilder()
              .setMetadata(UploadWidgetMetadata.newBuilder().setWidgetType(value.strip()))
              .build());
    }

    @Override
    void onFormEnd() {
      if (!type) {
        fail(HttpStatus.BAD_REQUEST, "Missing the required multipart field 'widgetType'.");
        return;
      }
      if (!script) {
        fail(HttpStatus.BAD_REQUEST, "Missing the required multipart part 'script'.");
        return;
      }
      finishCall();
    }
  }
}
