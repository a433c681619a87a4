package org.courseport.transcoding.lessonexport;

import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Status.Code;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.courseport.api.v1.ExportLessonVersionRequest;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.api.v1.GetLessonExportFileRequest;
import org.courseport.api.v1.GetLessonExportManifestRequest;
import org.courseport.api.v1.GetLessonExportManifestResponse;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.core.RpcError;
import org.courseport.transcoding.core.json.JsonNaming;
import org.courseport.transcoding.core.json.ProtoJson;
import org.courseport.transcoding.core.stream.FileStreamer;
import org.courseport.transcoding.core.stream.ForwardedHeaders;

/**
 * The lesson export routes of seed 001, over ExportService:
 *
 * <ul>
 *   <li>{@code GET /api/lessons/{lessonId}/versions/{versionId}/export-zip}: the zip ({@code
 *       ExportLessonVersion}) streamed with flow control, with {@code Content-Length}, {@code
 *       Content-Disposition: attachment; filename="{slug}-v{n}.zip"} and the zip's SHA-256 as
 *       {@code ETag};
 *   <li>{@code GET .../export-manifest}: the manifest with signed file URLs ({@code
 *       GetLessonExportManifest});
 *   <li>{@code GET .../export-files/{path}?tenant=&export=&expires=&kid=&sig=}: one file named by a
 *       signed URL ({@code GetLessonExportFile}), no API key needed.
 * </ul>
 *
 * Errors are written by the renderer of the dialect that mounts the routes (the lesson dialect's
 * {@code {"error","message","code","timestamp"}}).
 */
public final class LessonExportRoutes {

  /** Prefix of one lesson version's routes. */
  public static final String VERSION = "/api/lessons/{lessonId}/versions/{versionId}";

  /** Reason of a signed file URL that lacks its parameters (the server's reason for a bad one). */
  static final String SIGNED_URL_INVALID = "SIGNED_URL_INVALID";

  private final ErrorRenderer renderer;

  public LessonExportRoutes(ErrorRenderer renderer) {
    this.renderer = renderer;
  }

  /** Adds the three routes to {@code sb}. */
  public void addRoutes(ServerBuilder sb, RouteContext context) {
    sb.route()
        .path(VERSION + "/export-zip")
        .methods(HttpMethod.GET)
        .requestTimeoutMillis(0)
        .build((ctx, req) -> zip(ctx, context, req.headers()));
    sb.route()
        .path(VERSION + "/export-manifest")
        .methods(HttpMethod.GET)
        .requestTimeoutMillis(0)
        .build((ctx, req) -> manifest(ctx, context, req.headers()));
    sb.route()
        .path(VERSION + "/export-files/{*path}")
        .methods(HttpMethod.GET)
        .requestTimeoutMillis(0)
        .build((ctx, req) -> file(ctx, context));
  }

  private HttpResponse zip(
      ServiceRequestContext ctx,
      RouteContext context,
      com.linecorp.armeria.common.RequestHeaders headers) {
    HttpResponseWriter writer = HttpResponse.streaming();
    ExportServiceGrpc.newStub(ForwardedHeaders.attach(context.channel(), headers))
        .exportLessonVersion(
            ExportLessonVersionRequest.newBuilder()
                .setLessonId(ctx.pathParam("lessonId"))
                .setVersionId(ctx.pathParam("versionId"))
                .build(),
            new FileStreamer<>(writer, renderer));
    return writer;
  }

  private HttpResponse manifest(
      ServiceRequestContext ctx,
      RouteContext context,
      com.linecorp.armeria.common.RequestHeaders headers) {
    CompletableFuture<HttpResponse> out = new CompletableFuture<>();
    ExportServiceGrpc.newStub(ForwardedHeaders.attach(context.channel(), headers))
        .getLessonExportManifest(
            GetLessonExportManifestRequest.newBuilder()
                .setLessonId(ctx.pathParam("lessonId"))
                .setVersionId(ctx.pathParam("versionId"))
                .build(),
            new StreamObserver<>() {
              @Override
              public void onNext(GetLessonExportManifestResponse result) {
                out.complete(
                    HttpResponse.of(
                        HttpStatus.OK,
                        MediaType.JSON_UTF_8,
                        ProtoJson.print(result, JsonNaming.LOWER_CAMEL)));
              }

              @Override
              public void onError(Throwable t) {
                out.complete(renderer.renderFailedCall(RpcError.fromThrowable(t)).toHttpResponse());
              }

              @Override
              public void onCompleted() {}
            });
    return HttpResponse.of(out);
  }

  private HttpResponse file(ServiceRequestContext ctx, RouteContext context) {
    GetLessonExportFileRequest.Builder request =
        GetLessonExportFileRequest.newBuilder()
            .setLessonId(ctx.pathParam("lessonId"))
            .setVersionId(ctx.pathParam("versionId"))
            .setPath(ctx.pathParam("path"));
    String tenant = ctx.queryParam("tenant");
    String export = ctx.queryParam("export");
    String expires = ctx.queryParam("expires");
    String kid = ctx.queryParam("kid");
    String sig = ctx.queryParam("sig");
    if (tenant == null || export == null || expires == null || kid == null || sig == null) {
      return refused("The file URL lacks its signed parameters; use the URL exactly as minted.");
    }
    try {
      request.setExpires(Long.parseLong(expires));
    } catch (NumberFormatException e) {
      return refused("The file URL's parameter 'expires' is not a number.");
    }
    request.setTenant(tenant).setExportKey(export).setKeyId(kid).setSignature(sig);
    HttpResponseWriter writer = HttpResponse.streaming();
    ExportServiceGrpc.newStub(context.channel())
        .getLessonExportFile(request.build(), new FileStreamer<>(writer, renderer));
    return writer;
  }

  private HttpResponse refused(String message) {
    AggregatedHttpResponse res =
        renderer.render(
            HttpStatus.FORBIDDEN,
            new RpcError(
                Code.PERMISSION_DENIED,
                message,
                ErrorInfo.newBuilder().setReason(SIGNED_URL_INVALID).build(),
                List.of()));
    return res.toHttpResponse();
  }
}
