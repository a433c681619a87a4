package org.courseport.server.auth;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.courseport.server.domain.ratelimit.RateLimiter;

/**
 * What {@link AuthInterceptor} answers about a counted call: every counted call carries {@value
 * #LIMIT}, {@value #REMAINING} and {@value #RESET} (whole seconds until the window ends) in its
 * response headers, or in its trailers when it ends without headers; the REST front copies them to
 * the HTTP response. A call over the limit ends RESOURCE_EXHAUSTED {@value
 * RateLimiter#RATE_LIMIT_EXCEEDED} with {@code retry_after_seconds} through the service's error
 * mapper (429 with {@code Retry-After} in every REST dialect).
 */
final class RateLimitReplies {
  /** Response header: the requests the window allows. */
  static final String LIMIT = "x-ratelimit-limit";

  /** Response header: the requests left in the window after this one. */
  static final String REMAINING = "x-ratelimit-remaining";

  /** Response header: whole seconds until the window ends and the count starts again. */
  static final String RESET = "x-ratelimit-reset";

  private static final Metadata.Key<String> LIMIT_KEY =
      Metadata.Key.of(LIMIT, Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> REMAINING_KEY =
      Metadata.Key.of(REMAINING, Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> RESET_KEY =
      Metadata.Key.of(RESET, Metadata.ASCII_STRING_MARSHALLER);

  private RateLimitReplies() {}

  /** The X-RateLimit headers of a decision. */
  static Metadata rateHeaders(RateLimiter.Decision decision) {
    Metadata rateHeaders = new Metadata();
    rateHeaders.put(LIMIT_KEY, Long.toString(decision.limit()));
    rateHeaders.put(REMAINING_KEY, Long.toString(decision.remaining()));
    rateHeaders.put(RESET_KEY, Long.toString(decision.retryAfterSeconds()));
    return rateHeaders;
  }

  /** Ends the call with {@code e}, its trailers and {@code extra}. */
  static <Q, R> ServerCall.Listener<Q> refuse(
      ServerCall<Q, R> call, StatusRuntimeException e, Metadata extra) {
    Metadata trailers = new Metadata();
    if (e.getTrailers() != null) {
      trailers.merge(e.getTrailers());
    }
    trailers.merge(extra);
    call.close(e.getStatus(), trailers);
    return new ServerCall.Listener<>() {};
  }

  /** Adds the rate headers to the response headers, or to the trailers when none are sent. */
  static final class WithRateHeaders<Q, R>
      extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private final Metadata rateHeaders;
    private boolean headersSent;

    WithRateHeaders(ServerCall<Q, R> call, Metadata rateHeaders) {
      super(call);
      this.rateHeaders = rateHeaders;
    }

    @Override
    public void sendHeaders(Metadata headers) {
      headersSent = true;
      headers.merge(rateHeaders);
      super.sendHeaders(headers);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (!headersSent) {
        trailers.merge(rateHeaders);
      }
      super.close(status, trailers);
    }
  }
}
