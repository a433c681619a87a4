package org.courseport.transcoding.lessons;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.ServerBuilder;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.courseport.api.v1.LessonServiceGrpc;
import org.courseport.transcoding.core.Dialect;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.core.json.JsonNaming;
import org.courseport.transcoding.lessonexport.LessonExportRoutes;

/**
 * The lesson API ({@code /api/lessons}): the transcoded LessonService routes in lowerCamel JSON,
 * errors in seed 001's body ({@link LessonsErrorRenderer}), and {@code 201 Created} for {@code POST
 * /api/lessons} and {@code POST /api/lessons/{lessonId}/versions}.
 */
public final class LessonsDialect implements Dialect {

  /** The one instance. */
  public static final LessonsDialect INSTANCE = new LessonsDialect();

  /** Path prefix of the lesson routes. */
  static final String PREFIX = "/api/lessons";

  private LessonsDialect() {}

  @Override
  public String pathPrefix() {
    return PREFIX;
  }

  @Override
  public ErrorRenderer errorRenderer() {
    return LessonsErrorRenderer.INSTANCE;
  }

  @Override
  public JsonNaming jsonNaming() {
    return JsonNaming.LOWER_CAMEL;
  }

  @Override
  public Set<String> transcodedServices() {
    return Set.of(LessonServiceGrpc.SERVICE_NAME);
  }

  private static final Pattern UUID_FORM =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  @Override
  public void addRoutes(ServerBuilder sb, RouteContext context) {
    sb.routeDecorator().post(PREFIX).build(CREATED);
    sb.routeDecorator().post(PREFIX + "/{lesson_id}/versions").build(CREATED);
    sb.routeDecorator()
        .methods(HttpMethod.GET, HttpMethod.PATCH, HttpMethod.DELETE)
        .path(PREFIX + "/{lesson_id}")
        .build(IDS);
    sb.routeDecorator()
        .methods(HttpMethod.GET, HttpMethod.POST)
        .path(PREFIX + "/{lesson_id}/versions")
        .build(IDS);
    sb.routeDecorator().get(PREFIX + "/{lesson_id}/versions/{version_id}").build(IDS);
    // The lesson bundle import: the zip body streamed into ImportLessonBundle.
    sb.route()
        .path(LessonBundleImportRoute.PATH)
        .methods(HttpMethod.POST)
        .requestTimeoutMillis(0)
        .maxRequestLength(context.maxUploadBytes())
        .build(new LessonBundleImportRoute(context));
    // The lesson export's hand-written routes: export-zip, export-manifest, signed file URLs.
    new LessonExportRoutes(LessonsErrorRenderer.INSTANCE).addRoutes(sb, context);
    for (String export : List.of("/export-zip", "/export-manifest", "/export-files/{*path}")) {
      sb.routeDecorator().get(LessonExportRoutes.VERSION + export).build(IDS);
    }
  }

  /**
   * Refuses a lesson or version id that is not a UUID before the call; the error handler renders
   * the {@link IllegalArgumentException} as this dialect's 400.
   */
  private static final DecoratingHttpServiceFunction IDS =
      (delegate, ctx, req) -> {
        String[] segments = ctx.path().substring(PREFIX.length() + 1).split("/", -1);
        if (!UUID_FORM.matcher(segments[0]).matches()) {
          throw new IllegalArgumentException("Invalid lesson ID");
        }
        if (segments.length > 2 && !UUID_FORM.matcher(segments[2]).matches()) {
          throw new IllegalArgumentException("Invalid version ID");
        }
        return delegate.serve(ctx, req);
      };

  /** A successful create answers 201 instead of the transcoder's 200. */
  private static final DecoratingHttpServiceFunction CREATED =
      (delegate, ctx, req) -> delegate.serve(ctx, req).mapHeaders(LessonsDialect::createdIfOk);

  private static ResponseHeaders createdIfOk(ResponseHeaders headers) {
    return headers.status() == HttpStatus.OK
        ? headers.toBuilder().status(HttpStatus.CREATED).build()
        : headers;
  }
}
