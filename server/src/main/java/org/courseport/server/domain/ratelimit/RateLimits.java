package org.courseport.server.domain.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configured limit of each route class ({@code COURSEPORT_RATE_LIMITS}), or none at all ({@code
 * off}).
 *
 * <p>Syntax: comma-separated {@code class=requests/window} entries, the window a whole number with
 * the unit {@code s}, {@code m} or {@code h} ({@code default=1200/60s,export=30/1m}). Unset classes
 * keep their defaults ({@link #DEFAULTS}); a class with no limit of its own counts against {@code
 * default}. The value {@code off} disables rate limiting.
 */
public final class RateLimits {
  /** The environment variable. */
  public static final String VARIABLE = "COURSEPORT_RATE_LIMITS";

  /** Limits when nothing is configured: a generous default and LearningStudio's export limit. */
  public static final Map<String, RateLimiter.Limit> DEFAULTS =
      Map.of(
          RateLimitClasses.DEFAULT, new RateLimiter.Limit(1200, Duration.ofMinutes(1)),
          RateLimitClasses.EXPORT, new RateLimiter.Limit(30, Duration.ofMinutes(1)));

  private static final Pattern ENTRY =
      Pattern.compile("([a-z]+)\\s*=\\s*([0-9]{1,9})\\s*/\\s*([0-9]{1,7})\\s*([smh])");

  private final Map<String, RateLimiter.Limit> limits;

  private RateLimits(Map<String, RateLimiter.Limit> limits) {
    this.limits = Map.copyOf(limits);
  }

  /** No rate limits. */
  public static RateLimits off() {
    return new RateLimits(Map.of());
  }

  /** The limits of {@link #DEFAULTS}. */
  public static RateLimits defaults() {
    return new RateLimits(DEFAULTS);
  }

  /** From the environment ({@value #VARIABLE}); the defaults when unset or blank. */
  public static RateLimits fromEnvironment(Map<String, String> env) {
    return parse(env.get(VARIABLE));
  }

  /**
   * Parses a setting; IllegalArgumentException naming the bad entry and the expected form when
   * malformed.
   */
  public static RateLimits parse(String value) {
    if (value == null || value.isBlank()) {
      return defaults();
    }
    String trimmed = value.trim();
    if (trimmed.equalsIgnoreCase("off")) {
      return off();
    }
    Map<String, RateLimiter.Limit> limits = new LinkedHashMap<>(DEFAULTS);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String raw : trimmed.split(",", -1)) {
      String entry = raw.trim();
      Matcher m = ENTRY.matcher(entry);
      if (!m.matches()) {
        throw bad(
            entry, "expected class=requests/window such as export=30/60s (window unit s, m or h)");
      }
      String name = m.group(1);
      if (!RateLimitClasses.NAMES.contains(name)) {
        throw bad(
            entry,
            "unknown route class '"
                + name
                + "'; the classes are "
                + String.join(", ", RateLimitClasses.NAMES.stream().sorted().toList()));
      }
      if (!seen.add(name)) {
        throw bad(entry, "route class '" + name + "' is given twice");
      }
      int requests = Integer.parseInt(m.group(2));
      long amount = Long.parseLong(m.group(3));
      Duration window =
          switch (m.group(4)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
          };
      if (requests < 1) {
        throw bad(entry, "a limit allows at least 1 request");
      }
      if (window.toSeconds() < 1 || window.compareTo(Duration.ofDays(1)) > 0) {
        throw bad(entry, "the window is between 1 s and 24 h");
      }
      limits.put(name, new RateLimiter.Limit(requests, window));
    }
    return new RateLimits(limits);
  }

  private static IllegalArgumentException bad(String entry, String why) {
    return new IllegalArgumentException(VARIABLE + ": bad entry '" + entry + "': " + why);
  }

  /** Whether any limit applies. */
  public boolean enabled() {
    return !limits.isEmpty();
  }

  /**
   * The counter and limit a request of {@code routeClass} counts against: the class's own, else
   * {@code default}'s; null when rate limiting is off.
   */
  public Applied forClass(String routeClass) {
    RateLimiter.Limit own = limits.get(routeClass);
    if (own != null) {
      return new Applied(routeClass, own);
    }
    RateLimiter.Limit fallback = limits.get(RateLimitClasses.DEFAULT);
    return fallback == null ? null : new Applied(RateLimitClasses.DEFAULT, fallback);
  }

  /** The configured limits by class. */
  public Map<String, RateLimiter.Limit> limits() {
    return limits;
  }

  /**
   * @param counter the route class whose counter is used
   * @param limit its limit
   */
  public record Applied(String counter, RateLimiter.Limit limit) {}

  @Override
  public String toString() {
    if (!enabled()) {
      return "off";
    }
    StringBuilder b = new StringBuilder();
    limits.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                b.append(b.isEmpty() ? "" : ",")
                    .append(e.getKey())
                    .append('=')
                    .append(e.getValue().requests())
                    .append('/')
                    .append(e.getValue().window().toSeconds())
                    .append('s'));
    return b.toString();
  }
}
