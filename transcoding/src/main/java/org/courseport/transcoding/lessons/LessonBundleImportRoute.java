package org.courseport.transcoding.lessons;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.List;
import org.courseport.api.v1.ImportLessonBundleMetadata;
import org.courseport.api.v1.ImportLessonBundleRequest;
import org.courseport.api.v1.ImportLessonBundleResponse;
import org.courseport.api.v1.LessonServiceGrpc;
import org.courseport.transcoding.core.HttpStatusMapping;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.core.RpcError;
import org.courseport.transcoding.core.json.JsonNaming;
import org.courseport.transcoding.core.json.ProtoJson;
import org.courseport.transcoding.core.stream.BodyAnswer;
import org.courseport.transcoding.core.stream.ChunkSender;
import org.courseport.transcoding.core.stream.ForwardedHeaders;

/**
 * {@code POST /api/lessons/import?title=&slug=&publish=true}: the request body is a lesson bundle
 * zip ({@code Content-Type: application/zip}), streamed, never buffered, into {@code
 * ImportLessonBundle}; {@code 201} with the new lesson, its published version when asked, the id
 * maps and the warnings.
 */
final class LessonBundleImportRoute implements HttpService {

  /** The route's path. */
  static final String PATH = LessonsDialect.PREFIX + "/import";

  private final RouteContext context;

  LessonBundleImportRoute(RouteContext context) {
    this.context = context;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    Answer answer = new Answer();
    MediaType type = req.contentType();
    if (type == null || !(type.is(MediaType.ZIP) || type.is(MediaType.OCTET_STREAM))) {
      req.abort();
      answer.fail(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "UNSUPPORTED_MEDIA_TYPE",
          "Send the lesson bundle as the request body with Content-Type: application/zip.");
      return answer.toHttpResponse();
    }
    String publish = ctx.queryParam("publish");
    if (publish != null && !publish.equals("true") && !publish.equals("false")) {
      req.abort();
      answer.fail(
          HttpStatus.BAD_REQUEST,
          "BAD_REQUEST",
          "The publish parameter must be true or false, not '" + publish + "'.");
      return answer.toHttpResponse();
    }
    ImportLessonBundleMetadata.Builder metadata =
        ImportLessonBundleMetadata.newBuilder().setPublish("true".equals(publish));
    if (ctx.queryParam("title") != null) {
      metadata.setTitle(ctx.queryParam("title"));
    }
    if (ctx.queryParam("slug") != null) {
      metadata.setSlug(ctx.queryParam("slug"));
    }
    ChunkSender<ImportLessonBundleRequest, ImportLessonBundleResponse> sender =
        new ChunkSender<>(
            context.uploadChunkBytes(),
            context.maxUploadBytes(),
            chunk -> ImportLessonBundleRequest.newBuilder().setChunk(chunk).build(),
            answer);
    answer.onDone(() -> ctx.eventLoop().execute(() -> sender.cancel("answered")));
    LessonServiceGrpc.newStub(ForwardedHeaders.attach(context.channel(), req.headers()))
        .importLessonBundle(sender.resultObserver());
    sender.send(ImportLessonBundleRequest.newBuilder().setMetadata(metadata).build());
    sender.whenContentRead().thenRun(() -> sender.finish(null));
    req.filter(HttpData.class::isInstance)
        .map(HttpData.class::cast)
        .subscribe(sender, ctx.eventLoop());
    return answer.toHttpResponse();
  }

  /** 201 with the import's result, errors in the lesson dialect's body. */
  private static final class Answer extends BodyAnswer<ImportLessonBundleResponse> {
    @Override
    public void succeed(@Nullable ImportLessonBundleResponse result) {
      complete(
          HttpResponse.of(
              HttpStatus.CREATED,
              MediaType.JSON_UTF_8,
              ProtoJson.print(
                  result == null ? ImportLessonBundleResponse.getDefaultInstance() : result,
                  JsonNaming.LOWER_CAMEL)));
    }

    @Override
    public void fail(RpcError error) {
      complete(LessonsErrorRenderer.INSTANCE.renderFailedCall(error).toHttpResponse());
    }

    @Override
    public void bodyTooLarge(long limit) {
      fail(
          HttpStatus.REQUEST_ENTITY_TOO_LARGE,
          "PAYLOAD_TOO_LARGE",
          "The lesson bundle is larger than the " + limit + " bytes an upload may have.");
    }

    @Override
    public void bodyFailed(Throwable cause) {
      fail(HttpStatus.BAD_REQUEST, "BAD_REQUEST", "Failed to read the body: " + cause);
    }

    void fail(HttpStatus status, String code, String message) {
      ErrorInfo info = ErrorInfo.newBuilder().setReason(code).setDomain("courseport.org").build();
      RpcError error =
          new RpcError(HttpStatusMapping.toCode(status), message, info, List.of(Any.pack(info)));
      complete(LessonsErrorRenderer.INSTANCE.render(status, error).toHttpResponse());
    }
  }
}
