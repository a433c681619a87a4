package org.courseport.transcoding.core;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Empty;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.ServerMethodDefinition;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.netty.util.AsciiString;

/**
 * Wraps the transcoding {@link GrpcService} for REST requests only (framed gRPC passes through):
 * checks parameters before the call and answers 204 without a body for methods returning {@code
 * google.protobuf.Empty}.
 */
final class RestRequestDecorator extends SimpleDecoratingHttpService {

  /** gRPC headers that Armeria's transcoding leaves on REST responses. */
  private static final AsciiString[] GRPC_HEADERS = {
    HttpHeaderNames.of("grpc-status"),
    HttpHeaderNames.of("grpc-message"),
    HttpHeaderNames.of("grpc-status-details-bin"),
    HttpHeaderNames.of("grpc-encoding"),
    HttpHeaderNames.of("grpc-accept-encoding")
  };

  private final GrpcService grpcService;

  RestRequestDecorator(HttpService delegate, GrpcService grpcService) {
    super(delegate);
    this.grpcService = grpcService;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
    MethodDescriptor method = transcodedMethod(ctx);
    if (method == null) {
      return unwrap().serve(ctx, req);
    }
    ParameterValidator.validate(method.getInputType(), ctx.pathParams(), ctx.queryParams());
    HttpResponse response =
        unwrap()
            .serve(ctx, req)
            .mapHeaders(RestRequestDecorator::withoutGrpcHeaders)
            .mapTrailers(RestRequestDecorator::withoutGrpcHeaders);
    if (!method.getOutputType().equals(Empty.getDescriptor())) {
      return response;
    }
    return HttpResponse.of(
        response.aggregate().thenApply(res -> noContentIfOk(res).toHttpResponse()));
  }

  /** The proto method of a transcoded REST request, or null for framed gRPC and other routes. */
  @Nullable
  private MethodDescriptor transcodedMethod(ServiceRequestContext ctx) {
    if (grpcService.methodsByRoute().containsKey(ctx.config().mappedRoute())) {
      return null;
    }
    ServerMethodDefinition<?, ?> definition = grpcService.methodDefinition(ctx);
    if (definition == null) {
      return null;
    }
    Object schema = definition.getMethodDescriptor().getSchemaDescriptor();
    return schema instanceof ProtoMethodDescriptorSupplier supplier
        ? supplier.getMethodDescriptor()
        : null;
  }

  /** Transcoded responses carry gRPC's headers; no REST dialect has them. */
  static <T extends HttpHeaders> T withoutGrpcHeaders(T headers) {
    // A plain loop over pre-built lower-case names: this runs on every REST response and trailer.
    if (!hasGrpcHeader(headers)) {
      return headers;
    }
    HttpHeadersBuilder builder = headers.toBuilder();
    for (AsciiString name : GRPC_HEADERS) {
      builder.remove(name);
    }
    @SuppressWarnings("unchecked")
    T stripped = (T) builder.build();
    return stripped;
  }

  private static boolean hasGrpcHeader(HttpHeaders headers) {
    for (AsciiString name : GRPC_HEADERS) {
      if (headers.contains(name)) {
        return true;
      }
    }
    return false;
  }

  private static AggregatedHttpResponse noContentIfOk(AggregatedHttpResponse res) {
    if (res.status() != HttpStatus.OK) {
      return res;
    }
    ResponseHeaders headers =
        res.headers().toBuilder()
            .status(HttpStatus.NO_CONTENT)
            .removeAndThen(HttpHeaderNames.CONTENT_TYPE)
            .removeAndThen(HttpHeaderNames.CONTENT_LENGTH)
            .build();
    return AggregatedHttpResponse.of(headers);
  }
}
