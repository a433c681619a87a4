package org.courseport.transcoding.core;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.common.logging.RequestOnlyLog;
import com.linecorp.armeria.common.metric.MeterIdPrefix;
import com.linecorp.armeria.common.metric.MeterIdPrefixFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.metric.MetricCollectingService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    return new CachedPrefixes(dialects);
  }

  /**
   * The meter id prefixes, built once per tag combination: each request asks twice (when it starts
   * and when it completes), and building one sorts and copies its tags. The combinations are the
   * configured route patterns × dialects × HTTP methods × status codes, a bounded set; past {@link
   * #MAX_CACHED} of them (never in practice) a prefix is built per request as before.
   */
  static final class CachedPrefixes implements MeterIdPrefixFunction {

    static final int MAX_CACHED = 4096;

    private final Dialects dialects;
    private final Map<Dialect, String> dialectTags = new IdentityHashMap<>();
    private final Map<Key, MeterIdPrefix> cache = new ConcurrentHashMap<>();

    CachedPrefixes(Dialects dialects) {
      this.dialects = dialects;
      for (Dialect dialect : dialects.all()) {
        dialectTags.put(dialect, dialectTag(dialect));
      }
    }

    @Override
    public MeterIdPrefix activeRequestPrefix(MeterRegistry registry, RequestOnlyLog log) {
      return prefix((ServiceRequestContext) log.context(), log.requestHeaders().method(), -1);
    }

    @Override
    public MeterIdPrefix completeRequestPrefix(MeterRegistry registry, RequestLog log) {
      return prefix(
          (ServiceRequestContext) log.context(),
          log.requestHeaders().method(),
          log.responseHeaders().status().code());
    }

    /** The prefix of a request; {@code status} -1 for the active-request gauge (no status tag). */
    MeterIdPrefix prefix(ServiceRequestContext ctx, HttpMethod method, int status) {
      Dialect dialect = dialects.dialectOf(ctx.path());
      String dialectTag = dialect == null ? NO_DIALECT : dialectTags.get(dialect);
      Key key = new Key(route(ctx), dialectTag, method, status);
      MeterIdPrefix cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
      MeterIdPrefix built = build(key);
      if (cache.size() < MAX_CACHED) {
        MeterIdPrefix raced = cache.putIfAbsent(key, built);
        return raced != null ? raced : built;
      }
      return built;
    }

    private static MeterIdPrefix build(Key key) {
      MeterIdPrefix prefix =
          new MeterIdPrefix(
              NAME, "route", key.route(), "dialect", key.dialect(), "method", key.method().name());
      return key.status() < 0 ? prefix : prefix.withTags("status", Integer.toString(key.status()));
    }

    /** One tag combination. */
    private record Key(String route, String dialect, HttpMethod method, int status) {}
  }

  /** The route pattern that matched (e.g. {@code /api/v2/courses/:courseId}), never the path. */
  static String route(ServiceRequestContext ctx) {
    return ctx.config().route().patternString();
  }

  /** A dialect's tag, by its class name: {@code scormcloud}, {@code canvas} … */
  static String dialectTag(Dialect dialect) {
    String name = dialect.getClass().getSimpleName();
    if (name.endsWith("Dialect")) {
      name = name.substring(0, name.length() - "Dialect".length());
    }
    return name.toLowerCase(Locale.ROOT);
  }
}
