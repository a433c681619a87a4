package org.courseport.transcoding.core;

import com.linecorp.armeria.common.FlagsProvider;

/**
 * Armeria flags the REST dialects need, loaded through {@code META-INF/services}: {@code ..} in a
 * query string is allowed, because a package path such as {@code relativePath=shared/../a.xml} is
 * legitimate there (the server resolves it inside the package and refuses to leave it). {@code ..}
 * path segments stay refused. JVM options ({@code -Dcom.linecorp.armeria.*}) still win.
 */
public final class TranscodingFlags implements FlagsProvider {

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
}
