package org.courseport.server.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.tenant.ApiKey;

/**
 * Authenticates every call of the Courseport services from the {@code authorization} metadata
 * (which Armeria fills from the HTTP header for REST calls) and puts the tenant in the context. A
 * refused call ends UNAUTHENTICATED through the same error mapper as every other failure, so it
 * carries an {@code ErrorInfo} with the reason {@value #REASON}.
 */
public final class AuthInterceptor implements ServerInterceptor {
  /** The ErrorInfo reason of missing, malformed or wrong credentials. */
  public static final String REASON = "UNAUTHENTICATED";

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Authenticator authenticator;
  private final Function<Throwable, StatusRuntimeException> errors;
  private final Set<String> openMethods;

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
    this.authenticator = authenticator;
    this.errors = errors;
    this.openMethods = Set.copyOf(openMethods);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (openMethods.contains(call.getMethodDescriptor().getFullMethodName())) {
      return next.startCall(call, headers);
    }
    Optional<ApiKey> tenant = authenticator.authenticateKey(headers.get(AUTHORIZATION));
    if (tenant.isEmpty()) {
      StatusRuntimeException e = errors.apply(unauthenticated());
      call.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
      return new ServerCall.Listener<>() {};
    }
    Context context =
        Context.current()
            .withValues(
                TenantContext.TENANT_ID, tenant.get().tenantId(),
                TenantContext.KEY_ID, tenant.get().keyId(),
                TenantContext.SCOPES, tenant.get().scopes());
    return Contexts.interceptCall(context, call, headers, next);
  }

  /** The failure of a call without valid credentials. */
  static DomainException unauthenticated() {
    return new DomainException(
        DomainException.Kind.UNAUTHENTICATED, REASON, "Authorization Required.");
  }
}
