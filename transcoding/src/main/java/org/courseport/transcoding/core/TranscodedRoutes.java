package org.courseport.transcoding.core;

import static com.linecorp.armeria.server.grpc.HttpJsonTranscodingQueryParamMatchRule.JSON_NAME;
import static com.linecorp.armeria.server.grpc.HttpJsonTranscodingQueryParamMatchRule.LOWER_CAMEL_CASE;
import static com.linecorp.armeria.server.grpc.HttpJsonTranscodingQueryParamMatchRule.ORIGINAL_FIELD;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.HttpJsonTranscodingOptions;
import io.grpc.ServerServiceDefinition;
import java.util.List;
import org.courseport.transcoding.core.json.ProtoJson;

/**
 * The plumbing every dialect shares: the gRPC services with HTTP/JSON transcoding (each service
 * printed in the JSON naming of the dialect that owns it), parameter checks before the call, error
 * rendering in the dialect of the path, and HTTP/1 header naming.
 */
public final class TranscodedRoutes {

  private TranscodedRoutes() {}

  /** Mounts the services and sets the server's error handler and header naming. */
  public static void configure(
      ServerBuilder sb, List<ServerServiceDefinition> services, Dialects dialects) {
    GrpcService grpc = grpcService(services, dialects);
    sb.service(grpc, delegate -> new RestRequestDecorator(delegate, grpc));
    sb.errorHandler(new PreRpcErrorHandler(dialects));
    sb.http1HeaderNaming(new RestHeaderNaming());
  }

  /** The gRPC service with HTTP/JSON transcoding, the dialects' JSON and blocking executor. */
  static GrpcService grpcService(List<ServerServiceDefinition> services, Dialects dialects) {
    HttpJsonTranscodingOptions transcoding =
        HttpJsonTranscodingOptions.builder()
            .queryParamMatchRules(ORIGINAL_FIELD, LOWER_CAMEL_CASE, JSON_NAME)
            .errorHandler(new TranscodingErrorHandler(dialects))
            .build();
    return GrpcService.builder()
        .addServiceDefinitions(services)
        .enableHttpJsonTranscoding(transcoding)
        .jsonMarshallerFactory(
            service -> ProtoJson.marshaller(dialects.jsonNamingOfService(service.getName())))
        .exceptionHandler(new BodyParseExceptionHandler())
        .useBlockingTaskExecutor(true)
        .build();
  }
}
