package org.courseport.transcoding.core;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.server.HttpResponseException;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.RequestCancellationException;
import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.server.RoutingContext;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders errors raised before (or outside) an RPC on REST paths in the path's dialect: malformed
 * JSON, bad parameters, unknown routes, bodies too large, unexpected exceptions. Other paths are
 * left to the next handler (Armeria's default).
 */
final class PreRpcErrorHandler implements ServerErrorHandler {

  private static final Logger logger = LoggerFactory.getLogger(PreRpcErrorHandler.class);
  private static final Pattern LOCATION =
      Pattern.compile("\\s*(\\(start marker )?at \\[Source:.*$");

  /** Armeria's description of a request target it refused ('..' segment, NUL, ...). */
  private static final String INVALID_PATH = "Invalid request path";

  private final Dialects dialects;

  PreRpcErrorHandler(Dialects dialects) {
    this.dialects = dialects;
  }

  @Nullable
  @Override
  public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
    if (!Dialects.isRest(ctx.path())
        || cause instanceof HttpResponseException
        || cause instanceof RequestCancellationException) {
      return null;
    }
    if (cause instanceof RequestTimeoutException) {
      ctx.setShouldReportUnloggedExceptions(false);
      return RequestTimeouts.answer(ctx, dialects.rendererFor(ctx.path())).toHttpResponse();
    }
    ErrorRenderer renderer = dialects.rendererFor(ctx.path());
    // Every outcome below is logged here, once: routine 4xx as one DEBUG line, the unexpected
    // with its stack trace. Armeria's unlogged-exception reporter would add a WARN with a stack
    // trace for each 4xx a route raised by throwing.
    ctx.setShouldReportUnloggedExceptions(false);
    HttpResponse response;
    if (cause instanceof HttpStatusException hse) {
      String message = protocolMessage(hse.httpStatus());
      response =
          render(
              ctx,
              renderer,
              hse.httpStatus(),
              message != null ? message : describe(hse.getCause(), hse.httpStatus()));
    } else if (cause instanceof IllegalArgumentException) {
      response =
          render(ctx, renderer, HttpStatus.BAD_REQUEST, describe(cause, HttpStatus.BAD_REQUEST));
    } else if (cause instanceof StatusRuntimeException || cause instanceof StatusException) {
      RpcError error = RpcError.fromThrowable(cause);
      logger.debug("{} {} failed: {} {}", ctx.method(), ctx.path(), error.code(), error.message());
      response = renderer.renderFailedCall(error).toHttpResponse();
    } else {
      logger.warn("{} Unexpected exception on a REST route", ctx, cause);
      response = render(ctx, renderer, HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error.");
    }
    return response;
  }

  @Nullable
  @Override
  public AggregatedHttpResponse renderStatus(
      @Nullable ServiceRequestContext ctx,
      ServiceConfig config,
      @Nullable RequestHeaders headers,
      HttpStatus status,
      @Nullable String description,
      @Nullable Throwable cause) {
    String path = ctx != null ? ctx.path() : headers == null ? null : pathOf(headers);
    if (status.isContentAlwaysEmpty() || (path != null && !Dialects.isRest(path))) {
      return null;
    }
    // Without a path the request line itself was refused (URI too long, headers too large, '..'
    // or NUL in the target): no route is known, so the primary dialect answers.
    ErrorRenderer renderer =
        path == null ? dialects.primary().errorRenderer() : dialects.rendererFor(path);
    String message = protocolMessage(status);
    if (message == null && INVALID_PATH.equals(description)) {
      message =
          "Invalid request target: '..' segments in the path and NUL or other control "
              + "characters are not allowed.";
    }
    if (message == null) {
      message = description;
    }
    if (message == null) {
      Throwable reason = cause instanceof HttpStatusException hse ? hse.getCause() : cause;
      String method = headers == null ? "" : headers.method() + " ";
      if (reason == null && status == HttpStatus.NOT_FOUND) {
        message = "No such resource: " + method + path;
      } else if (reason == null && status == HttpStatus.METHOD_NOT_ALLOWED) {
        String allowed = ctx == null ? "" : allowedMethods(ctx);
        message =
            "Method not allowed: "
                + method
                + path
                + (allowed.isEmpty() ? "" : " (allowed: " + allowed + ").");
      } else {
        message = describe(reason, status);
      }
    }
    RpcError error = RpcError.of(HttpStatusMapping.toCode(status), message);
    if (status.isClientError()) {
      logger.debug(
          "{} {} answered {}: {}",
          headers == null ? "-" : headers.method(),
          path == null ? "(unparsed request target)" : path,
          status.code(),
          message);
    }
    AggregatedHttpResponse response = renderer.render(status, error);
    if (status == HttpStatus.METHOD_NOT_ALLOWED && ctx != null) {
      // RFC 9110 15.5.6: a 405 names the methods the target resource has.
      String allowed = allowedMethods(ctx);
      if (!allowed.isEmpty()) {
        response =
            AggregatedHttpResponse.of(
                response.headers().toBuilder().set(HttpHeaderNames.ALLOW, allowed).build(),
                response.content());
      }
    }
    return response;
  }

  /** The methods some route of the virtual host serves for the request's path, comma-separated. */
  private static String allowedMethods(ServiceRequestContext ctx) {
    Set<String> allowed = new TreeSet<>();
    RoutingContext routing = ctx.routingContext();
    for (HttpMethod method : HttpMethod.knownMethods()) {
      if (method == HttpMethod.CONNECT || method == HttpMethod.OPTIONS) {
        continue;
      }
      RoutingContext asMethod = routing.withMethod(method);
      for (ServiceConfig route : ctx.config().virtualHost().serviceConfigs()) {
        if (route.route().methods().contains(method)
            && route.route().apply(asMethod, false).isPresent()) {
          allowed.add(method.name());
          break;
        }
      }
    }
    return String.join(", ", allowed);
  }

  /**
   * The message of an error Armeria raises while reading the request itself; Armeria's own
   * descriptions name its internal limits ("maxContentLength: 10485760, ...").
   */
  @Nullable
  private static String protocolMessage(HttpStatus status) {
    return switch (status.code()) {
      case 413 -> "The request body is too large.";
      case 414 -> "The request URI is too long.";
      case 431 -> "The request header fields are too large.";
      default -> null;
    };
  }

  private static HttpResponse render(
      ServiceRequestContext ctx, ErrorRenderer renderer, HttpStatus status, String message) {
    if (status.isClientError()) {
      logger.debug("{} {} answered {}: {}", ctx.method(), ctx.path(), status.code(), message);
    }
    return renderer
        .render(status, RpcError.of(HttpStatusMapping.toCode(status), message))
        .toHttpResponse();
  }

  /**
   * A message for the caller: the exception's own, plus its cause's first line without parser
   * source locations ("Failed to parse JSON request: Unexpected end-of-input ...").
   */
  static String describe(@Nullable Throwable cause, HttpStatus status) {
    if (cause == null || cause.getMessage() == null) {
      return status == HttpStatus.REQUEST_ENTITY_TOO_LARGE
          ? "The request body is too large."
          : status.reasonPhrase() + '.';
    }
    String message = cause.getMessage();
    Throwable inner = cause.getCause();
    if (inner != null && inner.getMessage() != null && !message.contains(inner.getMessage())) {
      String detail =
          LOCATION.matcher(inner.getMessage().lines().findFirst().orElse("")).replaceAll("");
      message = message.replaceAll("\\.$", "") + ": " + detail;
    }
    return message;
  }

  private static String pathOf(RequestHeaders headers) {
    String raw = headers.path();
    int query = raw.indexOf('?');
    return (query < 0 ? raw : raw.substring(0, query)).replaceAll("/{2,}", "/");
  }
}
