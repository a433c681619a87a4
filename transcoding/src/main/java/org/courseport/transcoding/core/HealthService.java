package org.courseport.transcoding.core;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.function.BooleanSupplier;

/** {@code GET /healthz}: 200 {@code {"status":"SERVING"}} once ready, else 503 NOT_SERVING. */
public final class HealthService implements HttpService {

  private final BooleanSupplier readiness;

  public HealthService(BooleanSupplier readiness) {
    this.readiness = readiness;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    boolean ready;
    try {
      ready = readiness.getAsBoolean();
    } catch (RuntimeException e) {
      ready = false; // A failing check means "not ready", not a 500.
    }
    return ready
        ? HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, "{\"status\":\"SERVING\"}")
        : HttpResponse.of(
            HttpStatus.SERVICE_UNAVAILABLE, MediaType.JSON_UTF_8, "{\"status\":\"NOT_SERVING\"}");
  }
}
