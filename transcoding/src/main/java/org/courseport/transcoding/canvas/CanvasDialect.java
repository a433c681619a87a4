package org.courseport.transcoding.canvas;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.server.ServerBuilder;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.courseport.api.v1.DownloadContentExportRequest;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.transcoding.core.Dialect;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.core.json.JsonNaming;
import org.courseport.transcoding.core.stream.FileStreamer;

/**
 * The Canvas content exports API (seed 004) under {@code /api/v1}, next to Allure's and
 * LearningStudio's collections: {@code /api/v1/{type}/{id}/content_exports…} (any {@code type}:
 * only courses, groups and users exist, the rest answer 404 in Canvas's shape), {@code
 * /api/v1/groups…}, {@code /api/v1/users…}, {@code /api/v1/progress…}; and the download route
 * {@code GET /files/{token}/download} that needs no credentials. The transcoded ExportService
 * methods print snake_case (their fields' json_name).
 */
public final class CanvasDialect implements Dialect {

  /** The one instance. */
  public static final CanvasDialect INSTANCE = new CanvasDialect();

  static final String PREFIX = "/api/v1";

  /** Collections owned whole. */
  static final List<String> OWNED =
      List.of(PREFIX + "/groups", PREFIX + "/users", PREFIX + "/progress");

  private static final Pattern CONTENT_EXPORTS =
      Pattern.compile("^/api/v1/[^/]+/[^/]+/content_exports(/.*)?$");

  /** The download route of finished exports. */
  public static final String DOWNLOAD = "/files/{token}/download";

  private CanvasDialect() {}

  @Override
  public String pathPrefix() {
    return PREFIX;
  }

  @Override
  public boolean owns(String path) {
    for (String owned : OWNED) {
      if (path.equals(owned) || path.startsWith(owned + '/')) {
        return true;
      }
    }
    return CONTENT_EXPORTS.matcher(path).matches()
        || (path.startsWith("/files/") && path.endsWith("/download"));
  }

  /** Whether the path is a content export route (for the LearningStudio dialect to leave it). */
  public static boolean isContentExportPath(String path) {
    return CONTENT_EXPORTS.matcher(path).matches();
  }

  @Override
  public ErrorRenderer errorRenderer() {
    return CanvasErrorRenderer.INSTANCE;
  }

  @Override
  public JsonNaming jsonNaming() {
    return JsonNaming.SNAKE_CASE;
  }

  @Override
  public Set<String> transcodedServices() {
    // ExportService is LearningStudio's (lowerCamel); the Canvas messages carry json_name, so
    // they print snake_case under either naming.
    return Set.of();
  }

  @Override
  public void addRoutes(ServerBuilder sb, RouteContext context) {
    sb.routeDecorator()
        .methods(HttpMethod.GET)
        .path("regex:^/api/v1/[^/]+/[^/]+/content_exports$")
        .build(new ContentExportList());
    sb.route()
        .path(DOWNLOAD)
        .methods(HttpMethod.GET)
        .requestTimeoutMillis(0)
        .build(
            (ctx, req) -> {
              HttpResponseWriter writer = HttpResponse.streaming();
              ExportServiceGrpc.newStub(context.channel())
                  .downloadContentExport(
                      DownloadContentExportRequest.newBuilder()
                          .setToken(ctx.pathParam("token"))
                          .build(),
                      new FileStreamer<>(writer, CanvasErrorRenderer.INSTANCE));
              return writer;
            });
  }
}
