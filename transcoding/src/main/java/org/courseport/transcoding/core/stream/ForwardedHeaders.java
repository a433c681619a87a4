package org.courseport.transcoding.core.stream;

import com.linecorp.armeria.common.RequestHeaders;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.List;

/**
 * Carries the caller's credentials and request id from an HTTP request into the gRPC metadata of
 * the calls a hand-written route makes, unchanged, so that the services' auth interceptor sees
 * them.
 */
public final class ForwardedHeaders {

  /**
   * The request headers copied into call metadata (lower-case, as in HTTP/2 and gRPC): the
   * credentials, and the request id that {@link org.courseport.transcoding.core.RequestIdDecorator}
   * set.
   */
  public static final List<String> NAMES = List.of("authorization", "x-api-key", "x-request-id");

  private ForwardedHeaders() {}

  /** The channel with the request's forwarded headers attached to every call. */
  public static Channel attach(Channel channel, RequestHeaders headers) {
    Metadata metadata = new Metadata();
    for (String name : NAMES) {
      Metadata.Key<String> key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
      for (String value : headers.getAll(name)) {
        metadata.put(key, value);
      }
    }
    return ClientInterceptors.intercept(
        channel, MetadataUtils.newAttachHeadersInterceptor(metadata));
  }
}
