package org.courseport.transcoding;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.docs.DocService;
import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import java.util.List;
import org.courseport.transcoding.allure.AllureDialect;
import org.courseport.transcoding.canvas.CanvasDialect;
import org.courseport.transcoding.core.Dialect;
import org.courseport.transcoding.core.Dialects;
import org.courseport.transcoding.core.HealthService;
import org.courseport.transcoding.core.HttpMetrics;
import org.courseport.transcoding.core.RequestIdDecorator;
import org.courseport.transcoding.core.RequestTargetLimit;
import org.courseport.transcoding.core.RouteContext;
import org.courseport.transcoding.core.TranscodedRoutes;
import org.courseport.transcoding.learningstudio.LearningStudioDialect;
import org.courseport.transcoding.lessons.LessonsDialect;
import org.courseport.transcoding.scormcloud.ScormCloudDialect;

/**
 * The Armeria HTTP front of Courseport: transcoded REST routes of every unary method, the
 * hand-written routes of every dialect, dialect error rendering, {@code /healthz} and {@code
 * /docs}. The one entry point that the server and the tests call.
 */
public final class RestFront {

  /** The dialects the front serves; a new dialect is a new package and one entry here. */
  static final List<Dialect> DIALECTS =
      List.of(
          ScormCloudDialect.INSTANCE,
          AllureDialect.INSTANCE,
          LessonsDialect.INSTANCE,
          CanvasDialect.INSTANCE,
          LearningStudioDialect.INSTANCE);

  private RestFront() {}

  /**
   * Mounts the front on {@code sb}.
   *
   * @param sb the Armeria server being built; this also sets its error handler (for REST paths
   *     only, other paths fall through to Armeria's default) and its HTTP/1 header naming
   * @param services the gRPC services to host and transcode, already wrapped with their server
   *     interceptors (for example {@code ServerInterceptors.intercept(service, auth)})
   * @param channel a channel to the same services, used by the streaming routes; the caller's
   *     {@code Authorization} header is attached to every call made through it
   * @param options limits, readiness and docs
   */
  public static void configure(
      ServerBuilder sb,
      List<ServerServiceDefinition> services,
      Channel channel,
      RestFrontOptions options) {
    Dialects dialects = Dialects.of(DIALECTS);
    // A request that takes longer answers 503 with Retry-After in its dialect (RequestTimeouts).
    sb.requestTimeout(options.requestTimeout());
    TranscodedRoutes.configure(sb, services, dialects);
    RouteContext context =
        new RouteContext(channel, options.maxUploadBytes(), options.uploadChunkBytes());
    for (Dialect dialect : dialects.all()) {
      dialect.addRoutes(sb, context);
    }
    sb.service("/healthz", new HealthService(options.readiness()));
    sb.decorator(new RequestTargetLimit());
    if (options.meterRegistry() != null) {
      sb.meterRegistry(options.meterRegistry());
      sb.decorator(HttpMetrics.decorator(dialects));
    }
    // Last, so outermost: every answer, a refusal before any route included, carries the id.
    sb.decorator(new RequestIdDecorator());
    if (options.docsEnabled()) {
      sb.serviceUnder("/docs", DocService.builder().build());
    }
  }
}
