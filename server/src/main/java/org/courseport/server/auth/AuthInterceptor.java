package org.courseport.server.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.util.Set;
import java.util.function.Function;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.catalog.LatestViewCache;
import org.courseport.server.domain.ratelimit.RateLimitClasses;
import org.courseport.server.domain.ratelimit.RateLimiter;
import org.courseport.server.domain.ratelimit.RateLimits;
import org.courseport.server.domain.tenant.ApiKey;

/**
 * Authenticates every call of the Courseport services from the {@code authorization} metadata
 * (which Armeria fills from the HTTP header for REST calls) and puts the tenant in the context. A
 * refused call ends UNAUTHENTICATED through the same error mapper as every other failure, so it
 * carries an {@code ErrorInfo} with the reason {@value #REASON}.
 *
 * <p>Given {@link RateLimits}, it also counts every authenticated call against the limit of its
 * route class ({@link RateLimitClasses}) for the calling key, in the same store operation that
 * reads the key ({@link Authenticator#authenticateAndCount}), and answers the {@code x-ratelimit-*}
 * headers and the RESOURCE_EXHAUSTED of {@link RateLimitReplies}. A call with wrong credentials is
 * refused UNAUTHENTICATED (never RESOURCE_EXHAUSTED) and does not count; the open methods are
 * neither authenticated nor counted.
 */
public final class AuthInterceptor implements ServerInterceptor {
  /** The ErrorInfo reason of missing, malformed or wrong credentials. */
  public static final String REASON = "UNAUTHENTICATED";

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Authenticator authenticator;
  private final Function<Throwable, StatusRuntimeException> errors;
  private final Set<String> openMethods;
  private final RateLimits limits;

  /**
   * @param errors the service's error mapper (the grpc layer's {@code GrpcErrorMapper}), passed in
   *     so that this package does not depend on the adapters
   */
  public AuthInterceptor(
      Authenticator authenticator, Function<Throwable, StatusRuntimeException> errors) {
    this(authenticator, errors, Set.of());
  }

  /**
   * @param openMethods full names of methods that run without credentials because they check a
   *     capability of their own (the presigned upload PUT)
   */
  public AuthInterceptor(
      Authenticator authenticator,
      Function<Throwable, StatusRuntimeException> errors,
      Set<String> openMethods) {
    this(authenticator, errors, openMethods, RateLimits.off());
  }

  /**
   * @param limits the limits counted with the key read ({@link RateLimits#off()}: none); the
   *     authenticator needs a {@link org.courseport.server.domain.ratelimit.KeyRateLimiter} for
   *     them
   */
  public AuthInterceptor(
      Authenticator authenticator,
      Function<Throwable, StatusRuntimeException> errors,
      Set<String> openMethods,
      RateLimits limits) {
    this.authenticator = authenticator;
    this.errors = errors;
    this.openMethods = Set.copyOf(openMethods);
    this.limits = limits;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (openMethods.contains(call.getMethodDescriptor().getFullMethodName())) {
      return next.startCall(call, headers);
    }
    RateLimits.Applied applied =
        limits.forClass(RateLimitClasses.classOf(call.getMethodDescriptor().getFullMethodName()));
    Authenticator.Verdict verdict;
    try {
      verdict = authenticator.authenticateAndCount(headers.get(AUTHORIZATION), applied);
    } catch (RuntimeException e) {
      return RateLimitReplies.refuse(call, errors.apply(e), new Metadata());
    }
    if (!verdict.authenticated()) {
      StatusRuntimeException e = errors.apply(unauthenticated());
      call.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
      return new ServerCall.Listener<>() {};
    }
    ApiKey key = verdict.key();
    ServerCall<Q, R> counted = call;
    RateLimiter.Decision decision = verdict.decision();
    if (decision != null) {
      Metadata rateHeaders = RateLimitReplies.rateHeaders(decision);
      if (!decision.allowed()) {
        return RateLimitReplies.refuse(
            call, errors.apply(RateLimiter.exceeded(applied.limit(), decision)), rateHeaders);
      }
      counted = new RateLimitReplies.WithRateHeaders<>(call, rateHeaders);
    }
    Context context =
        Context.current()
            .withValues(
                TenantContext.TENANT_ID, key.tenantId(),
                TenantContext.KEY_ID, key.keyId(),
                TenantContext.SCOPES, key.scopes());
    if (verdict.courseEpoch() >= 0) {
      context =
          context.withValue(
              TenantContext.COURSE_STAMP,
              new LatestViewCache.Stamp(key.keyId(), verdict.courseEpoch()));
    }
    return Contexts.interceptCall(context, counted, headers, next);
  }

  /** The failure of a call without valid credentials. */
  static DomainException unauthenticated() {
    return new DomainException(
        DomainException.Kind.UNAUTHENTICATED, REASON, "Authorization Required.");
  }
}
