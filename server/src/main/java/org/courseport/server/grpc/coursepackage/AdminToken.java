package org.courseport.server.grpc.coursepackage;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.courseport.server.domain.DomainException;

/**
 * The operator's admin token (COURSEPORT_ADMIN_TOKEN): captures the call's {@code authorization}
 * for the admin method, which the API-key interceptor lets through, and checks it.
 */
final class AdminToken implements ServerInterceptor {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> PRESENTED = Context.key("courseport-admin-auth");

  private final String token;

  /**
   * @param token the configured token, or null when the admin method is disabled
   */
  AdminToken(String token) {
    this.token = token;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String value = headers.get(AUTHORIZATION);
    Context context = Context.current().withValue(PRESENTED, value == null ? "" : value);
    return Contexts.interceptCall(context, call, headers, next);
  }

  /** Throws unless the current call presented {@code Bearer <token>}. */
  void check() {
    if (token == null) {
      throw new DomainException(
          DomainException.Kind.PERMISSION_DENIED,
          "ADMIN_DISABLED",
          "The admin API is off: the operator has set no COURSEPORT_ADMIN_TOKEN.");
    }
    String presented = PRESENTED.get();
    byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    if (presented == null
        || !MessageDigest.isEqual(expected, presented.trim().getBytes(StandardCharsets.UTF_8))) {
      throw new DomainException(
          DomainException.Kind.UNAUTHENTICATED,
          "UNAUTHENTICATED",
          "The admin API needs Authorization: Bearer <admin token>.");
    }
  }
}
