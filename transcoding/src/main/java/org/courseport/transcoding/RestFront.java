package org.courseport.transcoding;

import static com.linecorp.armeria.server.grpc.HttpJsonTranscodingQueryParamMatchRule.JSON_NAME;
import static com.linecorp.armeria.server.grpc.HttpJsonTranscodingQueryParamMatchRule.LOWER_CAMEL_CASE;
import static com.linecorp.armeria.server.grpc.HttpJsonTranscodingQueryParamMatchRule.ORIGINAL_FIELD;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.docs.DocService;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.HttpJsonTranscodingOptions;
import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import java.util.List;
import org.courseport.transcoding.DownloadService.Target;

/**
 * The Armeria HTTP front of Courseport: transcoded REST routes of every unary method, the
 * hand-written upload and download routes, dialect error rendering, {@code /healthz} and {@code
 * /docs}. The one entry point that the server and the tests call.
 */
public final class RestFront {

  /** Room for the form's boundaries, part headers and small fields on top of the file itself. */
  private static final long FORM_OVERHEAD_BYTES = 1024 * 1024;

  private static final String COURSE = "/api/v2/courses/{courseId}";
  private static final String VERSION = COURSE + "/versions/{versionId}";

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
  public static void configure(ServerBuilder sb, List<ServerServiceDefinition> services,
      Channel channel, RestFrontOptions options) {
    GrpcService grpc = grpcService(services);
    sb.service(grpc, delegate -> new RestRequestDecorator(delegate, grpc));
    sb.errorHandler(new PreRpcErrorHandler());
    sb.http1HeaderNaming(new RestHeaderNaming());
    sb.route()
        .post("/api/v2/courses/importJobs/upload")
        .requestTimeoutMillis(0)
        .maxRequestLength(saturatedAdd(options.maxUploadBytes(), FORM_OVERHEAD_BYTES))
        .build(new UploadService(channel, options));
    for (Target target : Target.values()) {
      String suffix = target == Target.ZIP ? "/zip" : "/asset";
      DownloadService download = new DownloadService(channel, target);
      sb.route().get(COURSE + suffix).requestTimeoutMillis(0).build(download);
      sb.route().get(VERSION + suffix).requestTimeoutMillis(0).build(download);
    }
    sb.service("/healthz", new HealthService(options.readiness()));
    if (options.docsEnabled()) {
      sb.serviceUnder("/docs", DocService.builder().build());
    }
  }

  /** The gRPC service with HTTP/JSON transcoding, Courseport's JSON form and blocking executor. */
  static GrpcService grpcService(List<ServerServiceDefinition> services) {
    HttpJsonTranscodingOptions transcoding =
        HttpJsonTranscodingOptions.builder()
            .queryParamMatchRules(ORIGINAL_FIELD, LOWER_CAMEL_CASE, JSON_NAME)
            .errorHandler(new TranscodingErrorHandler())
            .build();
    return GrpcService.builder()
        .addServiceDefinitions(services)
        .enableHttpJsonTranscoding(transcoding)
        .jsonMarshallerFactory(serviceDescriptor -> ProtoJson.marshaller())
        .exceptionHandler(new BodyParseExceptionHandler())
        .useBlockingTaskExecutor(true)
        .build();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
