package org.courseport.transcoding.allure;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.courseport.api.v1.PackageServiceGrpc;
import org.courseport.api.v1.WebhookServiceGrpc;
import org.courseport.transcoding.core.Dialect;
import org.courseport.transcoding.core.ErrorRenderer;
import org.courseport.transcoding.core.MethodNotAllowed;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.core.json.JsonNaming;

/**
 * The Allure package API ({@code /api/v1}): {@code {"error","code","message"}} errors, the
 * snake_case {@code json_name}s of {@code package_service.proto}, {@code X-API-Key} or {@code
 * Authorization: Bearer id:secret} credentials, and the presigned {@code PUT} route.
 */
public final class AllureDialect implements Dialect {

  /** The one instance. */
  public static final AllureDialect INSTANCE = new AllureDialect();

  /** Path prefix of the Allure routes. */
  static final String PREFIX = "/api/v1";

  /** Path of the presigned upload target; the server mints URLs on it. */
  public static final String UPLOAD_PATH = PREFIX + "/packages/uploads/";

  /** Path prefix of the multipart part targets: {@code <prefix><upload_id>/parts/<n>}. */
  public static final String PART_PATH = PREFIX + "/packages/multipart/";

  private AllureDialect() {}

  @Override
  public String pathPrefix() {
    return PREFIX;
  }

  /** The collections this dialect owns under {@link #PREFIX}; the rest is LearningStudio's. */
  static final List<String> OWNED =
      List.of(PREFIX + "/packages", PREFIX + "/webhooks", PREFIX + "/admin", PREFIX + "/tenant");

  @Override
  public boolean owns(String path) {
    for (String owned : OWNED) {
      if (path.equals(owned) || path.startsWith(owned + '/')) {
        return true;
      }
    }
    return false;
  }

  @Override
  public ErrorRenderer errorRenderer() {
    return AllureErrorRenderer.INSTANCE;
  }

  /** LOWER_CAMEL prints each field's {@code json_name}, which the Allure protos set snake_case. */
  @Override
  public JsonNaming jsonNaming() {
    return JsonNaming.LOWER_CAMEL;
  }

  @Override
  public Set<String> transcodedServices() {
    return Set.of(PackageServiceGrpc.SERVICE_NAME, WebhookServiceGrpc.SERVICE_NAME);
  }

  @Override
  public void addRoutes(ServerBuilder sb, RouteContext context) {
    for (String owned : OWNED) {
      // The collection itself (GET /api/v1/packages) and everything under it.
      sb.routeDecorator().path(owned).build(new ApiKeyCredentials());
      sb.routeDecorator().pathPrefix(owned).build(new ApiKeyCredentials());
    }
    // Process and complete answer when the work has ended (the Allure API is synchronous there):
    // no HTTP request timeout; the server bounds the wait itself (COURSEPORT_PROCESS_WAIT_SECONDS).
    for (String synchronous : List.of(PREFIX + "/packages/process", PART_PATH + "complete")) {
      sb.routeDecorator()
          .path(synchronous)
          .build(
              (delegate, ctx, req) -> {
                ctx.clearRequestTimeout();
                return delegate.serve(ctx, req);
              });
    }
    putRoute(sb, context, UPLOAD_PATH + "{upload_id}", false);
    putRoute(sb, context, PART_PATH + "{upload_id}/parts/{part_number}", true);
  }

  /**
   * A presigned {@code PUT} target (a whole upload, or one part of a multipart upload): streamed
   * without a request timeout, up to the upload limit; any other method is 405.
   */
  private static void putRoute(ServerBuilder sb, RouteContext context, String path, boolean part) {
    sb.route()
        .path(path)
        .methods(EnumSet.complementOf(EnumSet.of(HttpMethod.PUT, HttpMethod.UNKNOWN)))
        .build(new MethodNotAllowed(AllureErrorRenderer.INSTANCE, Set.of(HttpMethod.PUT)));
    sb.route()
        .put(path)
        .requestTimeoutMillis(0)
        .maxRequestLength(context.maxUploadBytes())
        .build(new PresignedPutService(context, part));
  }
}
