package org.courseport.transcoding.core;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import org.slf4j.MDC;

/**
 * The HTTP entry of a request id: takes {@code X-Request-Id} when valid or makes one ({@link
 * RequestIds}), puts it in the request's headers (so the gRPC services and the calls a hand-written
 * route makes see it as {@code x-request-id} metadata), answers it as {@code X-Request-Id} and sets
 * the MDC while the route is entered on this thread.
 */
public final class RequestIdDecorator implements DecoratingHttpServiceFunction {

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    String id = RequestIds.validOrNew(req.headers().get(RequestIds.HEADER));
    HttpRequest withId =
        req.withHeaders(req.headers().toBuilder().set(RequestIds.HEADER, id).build());
    ctx.updateRequest(withId);
    ctx.setAdditionalResponseHeader(RequestIds.HEADER, id);
    String previous = MDC.get(RequestIds.MDC_KEY);
    MDC.put(RequestIds.MDC_KEY, id);
    try {
      return delegate.serve(ctx, withId);
    } finally {
      if (previous == null) {
        MDC.remove(RequestIds.MDC_KEY);
      } else {
        MDC.put(RequestIds.MDC_KEY, previous);
      }
    }
  }
}
