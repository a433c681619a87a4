package org.courseport.transcoding.core;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Status.Code;
import java.math.BigDecimal;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer of a REST request that ran out of the front's request timeout: 503 with {@code
 * Retry-After} in the dialect of its path (reason {@value #REASON}), never the 500 "Cancelled." of
 * the call the timeout cancelled. Each one is logged as a WARN line with its route and request id.
 */
public final class RequestTimeouts {

  /** The {@code ErrorInfo} reason (and {@code x-courseport-reason}) of a timed-out request. */
  public static final String REASON = "REQUEST_TIMEOUT";

  /** Seconds a client is asked to wait before it tries again. */
  public static final int RETRY_AFTER_SECONDS = 5;

  private static final Logger logger = LoggerFactory.getLogger(RequestTimeouts.class);

  private RequestTimeouts() {}

  /** Whether the request of {@code ctx} failed because its request timeout fired. */
  static boolean timedOut(ServiceRequestContext ctx) {
    return ctx.isTimedOut();
  }

  /** Logs the timeout and renders it in {@code renderer}'s dialect. */
  static AggregatedHttpResponse answer(ServiceRequestContext ctx, ErrorRenderer renderer) {
    String limit = limit(ctx.requestTimeoutMillis());
    String requestId = ctx.request().headers().get(RequestIds.HEADER);
    logger.warn(
        "{} {} (route {}, request id {}) took longer than the request timeout of {}; answered 503",
        ctx.method(),
        ctx.path(),
        ctx.config().route().patternString(),
        requestId == null ? "-" : requestId,
        limit);
    return renderer.renderFailedCall(error(ctx.requestTimeoutMillis()));
  }

  /** The error of a request that took longer than {@code timeoutMillis}. */
  public static RpcError error(long timeoutMillis) {
    ErrorInfo info =
        ErrorInfo.newBuilder()
            .setReason(REASON)
            .setDomain("courseport.org")
            .putMetadata(ErrorRenderer.RETRY_AFTER_SECONDS, Integer.toString(RETRY_AFTER_SECONDS))
            .putMetadata(HttpStatusMapping.HTTP_STATUS_KEY, "503")
            .build();
    String message =
        timeoutMillis > 0
            ? "The request took longer than "
                + limit(timeoutMillis)
                + ", the server's request timeout; try again later."
            : "The request took longer than the server's request timeout; try again later.";
    return new RpcError(Code.UNAVAILABLE, message, info, List.of(Any.pack(info)));
  }

  /** "10 s", "1.5 s". */
  private static String limit(long millis) {
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
  }
}
