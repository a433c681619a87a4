package org.courseport.transcoding.allure;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * Allure credentials: {@code X-API-Key: <key>} becomes {@code Authorization: Bearer <key>} when the
 * request has no {@code Authorization} of its own. The key is the same API key as the SCORM Cloud
 * routes' written as one token, {@code id:secret}.
 */
final class ApiKeyCredentials implements DecoratingHttpServiceFunction {

  /** The Allure API key header. */
  static final String API_KEY = "x-api-key";

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    String key = req.headers().get(API_KEY);
    if (key == null || req.headers().contains(HttpHeaderNames.AUTHORIZATION)) {
      return delegate.serve(ctx, req);
    }
    HttpRequest withBearer =
        req.withHeaders(
            req.headers().toBuilder()
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + key.trim())
                .build());
    ctx.updateRequest(withBearer);
    return delegate.serve(ctx, withBearer);
  }
}
