package org.courseport.transcoding.core;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.Set;
import java.util.TreeSet;

/**
 * 405 with {@code Allow} in the dialect of the path, for a hand-written route's other methods where
 * a parameterized transcoded route would otherwise take the request.
 */
public final class MethodNotAllowed implements HttpService {

  private final ErrorRenderer renderer;
  private final String allow;

  /** Answers 405 naming the allowed methods. */
  public MethodNotAllowed(ErrorRenderer renderer, Set<HttpMethod> allowed) {
    this.renderer = renderer;
    this.allow = String.join(", ", new TreeSet<>(allowed.stream().map(Enum::name).toList()));
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    String message =
        "Method not allowed: " + req.method() + ' ' + ctx.path() + " (allowed: " + allow + ").";
    var res =
        renderer.render(
            HttpStatus.METHOD_NOT_ALLOWED,
            RpcError.of(HttpStatusMapping.toCode(HttpStatus.METHOD_NOT_ALLOWED), message));
    return HttpResponse.of(
        res.headers().toBuilder().set(HttpHeaderNames.ALLOW, allow).build(), res.content());
  }
}
