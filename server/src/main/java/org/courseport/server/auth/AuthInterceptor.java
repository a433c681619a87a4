package org.courseport.server.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;

/**
 * Authenticates every call of the Courseport services from the {@code authorization} metadata
 * (which Armeria fills from the HTTP header for REST calls) and puts the tenant in the context.
 */
public final class AuthInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Authenticator authenticator;

  public AuthInterceptor(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Optional<String> tenant = authenticator.authenticate(headers.get(AUTHORIZATION));
    if (tenant.isEmpty()) {
      call.close(Status.UNAUTHENTICATED.withDescription("Authorization Required."), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(TenantContext.TENANT_ID, tenant.get());
    return Contexts.interceptCall(context, call, headers, next);
  }
}
