package org.courseport.transcoding.core;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * The same URI limit on every protocol: HTTP/1 refuses a request line over 4 KiB while decoding it
 * (Armeria's {@code http1MaxInitialLineLength}), HTTP/2 has no such limit. A request target over
 * {@link #MAX_LENGTH} characters answers 414, rendered in the path's dialect by {@link
 * PreRpcErrorHandler}, before any route runs.
 */
public final class RequestTargetLimit implements DecoratingHttpServiceFunction {

  /** Longest request target (path and query, as sent) served, in characters. */
  public static final int MAX_LENGTH = 4096;

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    if (req.path().length() > MAX_LENGTH) {
      throw HttpStatusException.of(HttpStatus.REQUEST_URI_TOO_LONG);
    }
    return delegate.serve(ctx, req);
  }
}
