package org.courseport.transcoding.core;

import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.common.logging.RequestOnlyLog;
import com.linecorp.armeria.common.metric.MeterIdPrefix;
import com.linecorp.armeria.common.metric.MeterIdPrefixFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.metric.MetricCollectingService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.util.Locale;
import java.util.function.Function;

/**
 * HTTP request metrics of the front ({@value #NAME}.*): counts, latency histograms and sizes by
 * route pattern (never the raw path, which carries ids and tokens), dialect, method and status.
 */
public final class HttpMetrics {

  /** The meter name prefix: {@code courseport_http_server_duration_seconds} and so on. */
  public static final String NAME = "courseport.http.server";

  /** The {@code dialect} tag of paths no dialect owns ({@code /healthz}, {@code /docs}). */
  static final String NO_DIALECT = "none";

  private HttpMetrics() {}

  /** The decorator collecting the metrics into the server's meter registry. */
  public static Function<? super HttpService, MetricCollectingService> decorator(
      Dialects dialects) {
    return MetricCollectingService.builder(prefixes(dialects))
        .distributionStatisticConfig(
            // Histogram buckets for the durations and the lengths alike: Micrometer's default
            // ranges of each (1 ms to 30 s; 1 byte up).
            DistributionStatisticConfig.builder().percentilesHistogram(true).build())
        .newDecorator();
  }

  static MeterIdPrefixFunction prefixes(Dialects dialects) {
    return new MeterIdPrefixFunction() {
      @Override
      public MeterIdPrefix activeRequestPrefix(MeterRegistry registry, RequestOnlyLog log) {
        ServiceRequestContext ctx = (ServiceRequestContext) log.context();
        return new MeterIdPrefix(
            NAME,
            "route",
            route(ctx),
            "dialect",
            dialect(dialects, ctx),
            "method",
            log.requestHeaders().method().name());
      }

      @Override
      public MeterIdPrefix completeRequestPrefix(MeterRegistry registry, RequestLog log) {
        return activeRequestPrefix(registry, log)
            .withTags("status", Integer.toString(log.responseHeaders().status().code()));
      }
    };
  }

  /** The route pattern that matched (e.g. {@code /api/v2/courses/:courseId}), never the path. */
  static String route(ServiceRequestContext ctx) {
    return ctx.config().route().patternString();
  }

  /** The dialect owning the path, by its class name: {@code scormcloud}, {@code canvas} … */
  static String dialect(Dialects dialects, ServiceRequestContext ctx) {
    Dialect dialect = dialects.dialectOf(ctx.path());
    if (dialect == null) {
      return NO_DIALECT;
    }
    String name = dialect.getClass().getSimpleName();
    if (name.endsWith("Dialect")) {
      name = name.substring(0, name.length() - "Dialect".length());
    }
    return name.toLowerCase(Locale.ROOT);
  }
}
