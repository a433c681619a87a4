package org.courseport.server.auth;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.function.Function;
import org.courseport.server.domain.ratelimit.RateLimitClasses;
import org.courseport.server.domain.ratelimit.RateLimiter;
import org.courseport.server.domain.ratelimit.RateLimits;

/**
 * (The server counts in {@link AuthInterceptor} with the key read, see {@link
 * Authenticator#authenticateAndCount}; this interceptor counts with a separate {@link RateLimiter}
 * for hosts that authenticate otherwise, and holds the headers both answer.)
 *
 * <p>Counts every authenticated call against the limit of its route class ({@link
 * RateLimitClasses}, {@link RateLimits}) for the calling API key, in the shared store (one round
 * trip), before the call runs. Must sit inside {@link AuthInterceptor} (listed before it in {@code
 * ServerInterceptors.intercept}), which puts the key in the context; calls without a key (the
 * methods that check a capability of their own) are not counted.
 *
 * <p>Every counted call answers {@value #LIMIT}, {@value #REMAINING} and {@value #RESET} (whole
 * seconds until the window ends) in its response headers, or in its trailers when it ends without
 * headers; the REST front copies them to the HTTP response. A call over the limit ends
 * RESOURCE_EXHAUSTED {@value RateLimiter#RATE_LIMIT_EXCEEDED} with {@code retry_after_seconds}
 * through the service's error mapper (429 with {@code Retry-After} in every REST dialect).
 */
public final class RateLimitInterceptor implements ServerInterceptor {
  /** Response header: the requests the window allows. */
  public static final String LIMIT = "x-ratelimit-limit";

  /** Response header: the requests left in the window after this one. */
  public static final String REMAINING = "x-ratelimit-remaining";

  /** Response header: whole seconds until the window ends and the count starts again. */
  public static final String RESET = "x-ratelimit-reset";

  private static final Metadata.Key<String> LIMIT_KEY =
      Metadata.Key.of(LIMIT, Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> REMAINING_KEY =
      Metadata.Key.of(REMAINING, Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> RESET_KEY =
      Metadata.Key.of(RESET, Metadata.ASCII_STRING_MARSHALLER);

  private final RateLimiter limiter;
  private final RateLimits limits;
  private final Function<Throwable, StatusRuntimeException> errors;

  /**
   * @param errors the service's error mapper (the grpc layer's {@code GrpcErrorMapper})
   */
  public RateLimitInterceptor(
      RateLimiter limiter, RateLimits limits, Function<Throwable, StatusRuntimeException> errors) {
    this.limiter = limiter;
    this.limits = limits;
    this.errors = errors;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String keyId = TenantContext.KEY_ID.get();
    RateLimits.Applied applied =
        keyId == null
            ? null
            : limits.forClass(
                RateLimitClasses.classOf(call.getMethodDescriptor().getFullMethodName()));
    if (applied == null) {
      return next.startCall(call, headers);
    }
    RateLimiter.Decision decision;
    try {
      decision = limiter.acquire(keyId, applied.counter(), applied.limit());
    } catch (RuntimeException e) {
      return refuse(call, errors.apply(e), new Metadata());
    }
    Metadata rateHeaders = rateHeaders(decision);
    if (!decision.allowed()) {
      return refuse(
          call, errors.apply(RateLimiter.exceeded(applied.limit(), decision)), rateHeaders);
    }
    return next.startCall(new WithRateHeaders<>(call, rateHeaders), headers);
  }

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
