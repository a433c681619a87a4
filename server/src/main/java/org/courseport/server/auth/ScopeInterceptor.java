package org.courseport.server.auth;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.tenant.Scopes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces {@link MethodScopes}: runs right after {@link AuthInterceptor} (inside it), so the
 * calling key's scopes are in the context. A key lacking the method's scope ends the call
 * PERMISSION_DENIED with the ErrorInfo reason {@value #INSUFFICIENT_SCOPE} and a message naming the
 * scope; a method missing from the table is refused the same way with reason {@value
 * #UNDECLARED_METHOD} and logged (fail closed). OPEN methods pass: they check their own capability.
 * The REST routes reach the same services through the in-process channel, so they pass here too.
 */
public final class ScopeInterceptor implements ServerInterceptor {
  /** The ErrorInfo reason of a key without the scope a method requires. */
  public static final String INSUFFICIENT_SCOPE = "INSUFFICIENT_SCOPE";

  /** The ErrorInfo reason of a method that the scope table does not list. */
  public static final String UNDECLARED_METHOD = "METHOD_SCOPE_UNDECLARED";

  /** ErrorInfo metadata: the scope the method requires. */
  public static final String REQUIRED_SCOPE = "required_scope";

  private static final Logger log = LoggerFactory.getLogger(ScopeInterceptor.class);

  private final MethodScopes table;
  private final Function<Throwable, StatusRuntimeException> errors;

  /**
   * @param errors the service's error mapper (the grpc layer's {@code GrpcErrorMapper})
   */
  public ScopeInterceptor(MethodScopes table, Function<Throwable, StatusRuntimeException> errors) {
    this.table = table;
    this.errors = errors;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Optional<MethodScopes.Rule> rule = table.rule(method);
    if (rule.isEmpty()) {
      log.error(
          "Refused a call of {}: the method declares no scope in MethodScopes (fail closed)",
          method);
      return refuse(
          call,
          new DomainException(
              DomainException.Kind.PERMISSION_DENIED,
              UNDECLARED_METHOD,
              "The method " + method + " declares no scope; it is refused until it does."));
    }
    if (rule.get().open()) {
      return next.startCall(call, headers);
    }
    String required = rule.get().scope();
    if (!Scopes.grants(TenantContext.scopes(), required)) {
      return refuse(call, insufficient(method, required));
    }
    return next.startCall(call, headers);
  }

  /** The failure of a call whose key lacks {@code required}. */
  static DomainException insufficient(String method, String required) {
    int colon = required.indexOf(':');
    String alternatives =
        colon > 0
            ? " (a key holding '" + required + "' or '" + required.substring(0, colon) + "')"
            : "";
    return new DomainException(
        DomainException.Kind.PERMISSION_DENIED,
        INSUFFICIENT_SCOPE,
        "This API key lacks the scope '"
            + required
            + "' that "
            + shortName(method)
            + " requires"
            + alternatives
            + ".",
        Map.of(REQUIRED_SCOPE, required));
  }

  private static String shortName(String method) {
    return method.startsWith("courseport.v1.") ? method.substring(14) : method;
  }

  private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, DomainException failure) {
    StatusRuntimeException e = errors.apply(failure);
    call.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
    return new ServerCall.Listener<>() {};
  }
}
