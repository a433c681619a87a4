package org.courseport.transcoding.core;

import com.linecorp.armeria.common.Http1HeaderNaming;
import io.netty.util.AsciiString;

/**
 * HTTP/1 header names as REST clients print them: the traditional spelling of standard headers
 * ({@code Content-Type}) and Title-Case for extension headers ({@code X-Total-Count}). Names are
 * case-insensitive; this only makes raw responses read like the documented ones.
 */
final class RestHeaderNaming implements Http1HeaderNaming {

  private static final Http1HeaderNaming TRADITIONAL = Http1HeaderNaming.traditional();

  @Override
  public String convert(AsciiString http2HeaderName) {
    String name = TRADITIONAL.convert(http2HeaderName);
    if (!name.startsWith("x-")) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toCharArray()) {
      out.append(upper ? Character.toUpperCase(c) : c);
      upper = c == '-';
    }
    return out.toString();
  }
}
