package org.courseport.transcoding.core;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Metadata;
import java.util.List;

/**
 * The rate-limit headers ({@code x-ratelimit-limit}, {@code -remaining}, {@code -reset}) that the
 * services answer in gRPC response headers or trailers, carried to the HTTP response: transcoded
 * calls pass response headers through; this adds them to rendered errors and to the responses of
 * hand-written routes.
 */
public final class RateLimitHeaders {
  /** The header names, lower-case. */
  public static final List<String> NAMES =
      List.of("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset");

  private RateLimitHeaders() {}

  /** {@code rendered} with the rate-limit headers found in {@code headers} or {@code trailers}. */
  static AggregatedHttpResponse copy(
      HttpHeaders headers, HttpHeaders trailers, AggregatedHttpResponse rendered) {
    ResponseHeadersBuilder out = null;
    for (String name : NAMES) {
      String value = trailers.get(name);
      if (value == null) {
        value = headers.get(name);
      }
      if (value != null) {
        out = out == null ? rendered.headers().toBuilder() : out;
        out.set(name, value);
      }
    }
    return out == null
        ? rendered
        : AggregatedHttpResponse.of(out.build(), rendered.content(), rendered.trailers());
  }

  /**
   * Adds the rate-limit entries of a call's response metadata to the response of the HTTP request
   * {@code ctx} serves (no-op without a context or entries).
   */
  public static void addTo(ServiceRequestContext ctx, Metadata metadata) {
    if (ctx == null || metadata == null) {
      return;
    }
    for (String name : NAMES) {
      String value = metadata.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
      if (value != null) {
        ctx.setAdditionalResponseHeader(name, value);
      }
    }
  }
}
