package org.courseport.transcoding.core;

import com.linecorp.armeria.common.FlagsProvider;

/**
 * Armeria flags the REST dialects need, loaded through {@code META-INF/services}: {@code ..} in a
 * query string is allowed, because a package path such as {@code relativePath=shared/../a.xml} is
 * legitimate there (the server resolves it inside the package and refuses to leave it). {@code ..}
 * path segments stay refused.
 *
 * <p>Armeria's per-path caches (parsed paths, routing results, route decorators) are bounded to
 * {@value #PATH_CACHE_SPEC} instead of 4,096 entries each (issue 12, the soak's growing live heap):
 * a cached routing result keeps its {@code RoutingContext} and with it the request's whole {@code
 * RequestHeaders}, and every course id, import job id and delivery token makes a distinct path, so
 * under an LMS's traffic these caches fill to their bound — the soak's class histograms grew by one
 * {@code DefaultRoutingContext}, {@code RoutingResult}, {@code DefaultRequestTarget} and {@code
 * DefaultRequestHeaders} (~8 header entries) per request, about 1 KiB each, for 10 minutes and
 * more. Id-bearing paths seldom repeat soon enough for a large cache to pay. (These specs cannot be
 * given as {@code -D} options: Armeria lower-cases system property values, and Caffeine refuses
 * {@code maximumsize}.)
 *
 * <p>JVM options ({@code -Dcom.linecorp.armeria.*}) still win.
 */
public final class TranscodingFlags implements FlagsProvider {
  /** The Caffeine spec of Armeria's per-path caches. */
  public static final String PATH_CACHE_SPEC = "maximumSize=256";

  @Override
  public int priority() {
    return 0; // Above Armeria's defaults, below system properties.
  }

  @Override
  public String name() {
    return "courseport-transcoding";
  }

  @Override
  public Boolean allowDoubleDotsInQueryString() {
    return true;
  }

  @Override
  public String routeCacheSpec() {
    return PATH_CACHE_SPEC;
  }

  @Override
  public String routeDecoratorCacheSpec() {
    return PATH_CACHE_SPEC;
  }

  @Override
  public String parsedPathCacheSpec() {
    return PATH_CACHE_SPEC;
  }
}
