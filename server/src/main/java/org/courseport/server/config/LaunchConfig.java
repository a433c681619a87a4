package org.courseport.server.config;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the content origin and launches.
 *
 * @param contentPublicBaseUrl the content origin's public base URL without a trailing slash ({@code
 *     COURSEPORT_CONTENT_PUBLIC_BASE_URL}); null means {@code http://localhost:{port}} of the
 *     running content server
 * @param playerSessionTtl how long a delivery token works after its link was opened ({@code
 *     COURSEPORT_PLAYER_SESSION_HOURS}, 8)
 * @param launchLinkTtl how long a tracked session's {@code launch_url} can be opened ({@code
 *     COURSEPORT_LAUNCH_LINK_SECONDS}, 3600)
 */
public record LaunchConfig(
    String contentPublicBaseUrl, Duration playerSessionTtl, Duration launchLinkTtl) {

  public static LaunchConfig fromEnvironment(Map<String, String> env) {
    String base = env.get("COURSEPORT_CONTENT_PUBLIC_BASE_URL");
    base = base == null || base.isBlank() ? null : base.strip().replaceAll("/+$", "");
    if (base != null && !base.matches("https?://[^/\\s]+(/\\S*)?")) {
      throw new IllegalArgumentException(
          "COURSEPORT_CONTENT_PUBLIC_BASE_URL must be an absolute http(s) URL, got '" + base + "'");
    }
    return new LaunchConfig(
        base,
        Duration.ofHours(positive(env, "COURSEPORT_PLAYER_SESSION_HOURS", 8)),
        Duration.ofSeconds(positive(env, "COURSEPORT_LAUNCH_LINK_SECONDS", 3600)));
  }

  private static long positive(Map<String, String> env, String name, long fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      long v = Long.parseLong(raw.strip());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException(
        name + " must be a positive whole number, got '" + raw + "'");
  }
}
