package org.courseport.server.domain.media;

import java.util.Map;

/**
 * Size limits of media and widgets, from the environment: {@code COURSEPORT_MEDIA_MAX_BYTES}
 * (default 200 MiB, at most the server's upload limit), {@code COURSEPORT_WIDGET_SCRIPT_MAX_BYTES}
 * (default 2 MiB), {@code COURSEPORT_WIDGET_STYLE_MAX_BYTES} (default 1 MiB). SVG files are parsed
 * whole for scripts, so they are also held to {@code maxSvgBytes} (default 2 MiB).
 */
public record MediaLimits(
    long maxMediaBytes, long maxScriptBytes, long maxStyleBytes, int maxSvgBytes) {

  public static final long DEFAULT_MEDIA_BYTES = 200L * 1024 * 1024;
  public static final long DEFAULT_SCRIPT_BYTES = 2L * 1024 * 1024;
  public static final long DEFAULT_STYLE_BYTES = 1024L * 1024;
  public static final int DEFAULT_SVG_BYTES = 2 * 1024 * 1024;

  public MediaLimits {
    if (maxMediaBytes < 1 || maxScriptBytes < 1 || maxStyleBytes < 1 || maxSvgBytes < 1) {
      throw new IllegalArgumentException("Media limits must be positive");
    }
  }

  /** The limits the environment sets; the media limit is capped at {@code maxUploadBytes}. */
  public static MediaLimits fromEnvironment(Map<String, String> env, long maxUploadBytes) {
    long media = positive(env, "COURSEPORT_MEDIA_MAX_BYTES", DEFAULT_MEDIA_BYTES);
    return new MediaLimits(
        Math.min(media, maxUploadBytes),
        positive(env, "COURSEPORT_WIDGET_SCRIPT_MAX_BYTES", DEFAULT_SCRIPT_BYTES),
        positive(env, "COURSEPORT_WIDGET_STYLE_MAX_BYTES", DEFAULT_STYLE_BYTES),
        DEFAULT_SVG_BYTES);
  }

  private static long positive(Map<String, String> env, String name, long fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n < 1) {
        throw new IllegalArgumentException(name + " must be a positive number of bytes: " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number of bytes: " + value, e);
    }
  }
}
