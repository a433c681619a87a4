package org.courseport.server.threads;

import java.util.Map;
import java.util.Properties;

/**
 * Smaller bounds for Armeria's per-path caches, set as system properties before Armeria reads its
 * flags (issue 12, the soak's growing live heap).
 *
 * <p>Armeria caches the parsed request path ({@code parsedPathCacheSpec}), the routing result
 * ({@code routeCacheSpec}) and the route decorators ({@code routeDecoratorCacheSpec}) per distinct
 * path, 4,096 entries each by default, and a cached routing result keeps its {@code RoutingContext}
 * and with it the request's whole {@code RequestHeaders}. Every course id, import job id and
 * delivery token makes a distinct path, so under an LMS's traffic these caches fill to their bound:
 * the soak's class histograms grew by one {@code DefaultRoutingContext}, {@code RoutingResult},
 * {@code DefaultRequestTarget} and {@code DefaultRequestHeaders} (with its ~8 header entries) per
 * request, about 1 KiB each, for 10 minutes and more. Id-bearing paths rarely repeat soon enough
 * for a large cache to pay, so 256 entries are kept. A value given on the command line ({@code
 * -Dcom.linecorp.armeria.routeCacheSpec=…}) wins.
 */
public final class ArmeriaCaches {
  /** The Caffeine spec used for each cache unless one is given. */
  public static final String SPEC = "maximumSize=256";

  /** The Armeria flags set, by system property name. */
  public static final Map<String, String> DEFAULTS =
      Map.of(
          "com.linecorp.armeria.parsedPathCacheSpec", SPEC,
          "com.linecorp.armeria.routeCacheSpec", SPEC,
          "com.linecorp.armeria.routeDecoratorCacheSpec", SPEC);

  private ArmeriaCaches() {}

  /** Sets the bounds in {@code properties} where not set; call before Armeria is first used. */
  public static void bound(Properties properties) {
    DEFAULTS.forEach(properties::putIfAbsent);
  }
}
