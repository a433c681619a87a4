package org.courseport.server.config;

import java.time.Duration;
import java.util.Map;

/**
 * How long the server waits for the document store, and how often it checks that it is there.
 *
 * @param timeout {@code COURSEPORT_MONGO_TIMEOUT_MS} (2000): the longest wait for a reachable
 *     MongoDB server (server selection); while the store is unreachable every request fails
 *     (UNAVAILABLE / 503) within about this bound
 * @param socketTimeout {@code COURSEPORT_MONGO_SOCKET_TIMEOUT_MS} (10000): the longest wait to open
 *     a connection and for the reply to one command on it (a store that stops answering without
 *     closing its connections); longer than {@code timeout} so that a slow but healthy query, or a
 *     slow handshake of the driver's monitor, is not taken for an outage
 * @param healthInterval {@code COURSEPORT_MONGO_HEALTH_INTERVAL_MS} (1000): how often the store
 *     health watcher pings the store
 * @param startupWait {@code COURSEPORT_MONGO_STARTUP_WAIT_MS} (30000): how long the server waits at
 *     start for the store to answer before it gives up
 */
public record StoreConfig(
    Duration timeout, Duration socketTimeout, Duration healthInterval, Duration startupWait) {

  /** The defaults: 2 s to reach the store, 10 s for a reply, a ping every second, 30 s at start. */
  public static final StoreConfig DEFAULTS =
      new StoreConfig(
          Duration.ofMillis(2000),
          Duration.ofMillis(10_000),
          Duration.ofMillis(1000),
          Duration.ofMillis(30_000));

  /** Validates the durations. */
  public StoreConfig {
    positive("timeout", timeout);
    positive("socketTimeout", socketTimeout);
    positive("healthInterval", healthInterval);
    positive("startupWait", startupWait);
  }

  /** Reads the settings from environment variables, with defaults. */
  public static StoreConfig fromEnvironment(Map<String, String> env) {
    return new StoreConfig(
        millis(env, "COURSEPORT_MONGO_TIMEOUT_MS", DEFAULTS.timeout()),
        millis(env, "COURSEPORT_MONGO_SOCKET_TIMEOUT_MS", DEFAULTS.socketTimeout()),
        millis(env, "COURSEPORT_MONGO_HEALTH_INTERVAL_MS", DEFAULTS.healthInterval()),
        millis(env, "COURSEPORT_MONGO_STARTUP_WAIT_MS", DEFAULTS.startupWait()));
  }

  private static Duration millis(Map<String, String> env, String name, Duration fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a number of milliseconds, got '" + raw.trim() + "'", e);
    }
    if (value <= 0 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          name + " must be a positive number of milliseconds, got " + value);
    }
    return Duration.ofMillis(value);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
