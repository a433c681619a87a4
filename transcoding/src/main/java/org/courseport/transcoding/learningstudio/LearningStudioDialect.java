package org.courseport.transcoding.learningstudio;

import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.ServerBuilder;
import java.util.List;
import java.util.Set;
import org.courseport.api.v1.CourseAuthoringServiceGrpc;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.api.v1.MediaServiceGrpc;
import org.courseport.transcoding.canvas.CanvasDialect;
import org.courseport.transcoding.core.Dialect;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.core.json.JsonNaming;

/**
 * The LearningStudio API: {@code /api/v1/media}, {@code /api/v1/widgets} and {@code
 * /api/v1/courses} (the rest of {@code /api/v1} is Allure's). {@code {"message","code"}} errors,
 * lowerCamel JSON, {@code Authorization: Bearer} credentials, and the hand-written multipart media
 * and widget uploads next to the transcoded reads of MediaService.
 */
public final class LearningStudioDialect implements Dialect {

  /** The one instance. */
  public static final LearningStudioDialect INSTANCE = new LearningStudioDialect();

  /** Path prefix shared with the Allure dialect; {@link #owns} tells the two apart. */
  static final String PREFIX = "/api/v1";

  /** The collections this dialect owns under {@link #PREFIX}. */
  public static final List<String> OWNED =
      List.of(PREFIX + "/media", PREFIX + "/widgets", PREFIX + "/courses");

  /** Room for the form's boundaries, part headers and small fields on top of the file itself. */
  private static final long FORM_OVERHEAD_BYTES = 1024 * 1024;

  private LearningStudioDialect() {}

  @Override
  public String pathPrefix() {
    return PREFIX;
  }

  @Override
  public boolean owns(String path) {
    if (CanvasDialect.isContentExportPath(path)) {
      return false; // Canvas content exports (seed 004)
    }
    for (String owned : OWNED) {
      if (path.equals(owned) || path.startsWith(owned + '/')) {
        return true;
      }
    }
    // The credential-free download URLs of course exports answer errors in this dialect's shape.
    return path.startsWith("/downloads/");
  }

  @Override
  public ErrorRenderer errorRenderer() {
    return LearningStudioErrorRenderer.INSTANCE;
  }

  @Override
  public JsonNaming jsonNaming() {
    return JsonNaming.LOWER_CAMEL;
  }

  @Override
  public Set<String> transcodedServices() {
    return Set.of(
        MediaServiceGrpc.SERVICE_NAME,
        CourseAuthoringServiceGrpc.SERVICE_NAME,
        ExportServiceGrpc.SERVICE_NAME);
  }

  @Override
  public void addRoutes(ServerBuilder sb, RouteContext context) {
    long maxForm = saturatedAdd(context.maxUploadBytes(), FORM_OVERHEAD_BYTES);
    sb.route()
        .post(PREFIX + "/media")
        .requestTimeoutMillis(0)
        .maxRequestLength(maxForm)
        .build(new MediaUploadService(context));
    sb.route()
        .get(PREFIX + "/media/{mediaId}/content")
        .requestTimeoutMillis(0)
        .build(new MediaContentService(context.channel()));
    sb.route()
        .post(PREFIX + "/widgets")
        .requestTimeoutMillis(0)
        .maxRequestLength(maxForm)
        .build(new WidgetUploadService(context));
    // The course export answers when the package is built (LearningStudio's export is
    // synchronous); a cold export of a large course can take longer than the request timeout.
    sb.routeDecorator()
        .post(PREFIX + "/courses/{courseId}/export")
        .build(
            (delegate, ctx, req) -> {
              ctx.clearRequestTimeout();
              return delegate.serve(ctx, req);
            });
    // Course creation is a job: a successful POST answers 202 Accepted with the job to poll.
    sb.routeDecorator().post(PREFIX + "/courses").build(ACCEPTED);
    // The course export's public download capability and share page (no credentials).
    CourseExportRoutes.addRoutes(sb, context);
  }

  /** A successful course creation answers 202 instead of the transcoder's 200. */
  private static final DecoratingHttpServiceFunction ACCEPTED =
      (delegate, ctx, req) ->
          delegate
              .serve(ctx, req)
              .mapHeaders(
                  headers ->
                      headers.status() == HttpStatus.OK
                          ? headers.toBuilder().status(HttpStatus.ACCEPTED).build()
                          : headers);

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
