package org.courseport.server.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * The management port that serves Prometheus {@code GET /metrics}.
 *
 * @param port {@code COURSEPORT_METRICS_PORT}: 9464 by default, 0 picks a free port, {@code off}
 *     disables the port (then -1)
 * @param bindAddress {@code COURSEPORT_METRICS_BIND_ADDRESS}: 127.0.0.1 by default, so that the
 *     metrics are not public unless an operator says so
 */
public record MetricsConfig(int port, String bindAddress) {

  /** The default port (the Prometheus exporters' conventional one). */
  public static final int DEFAULT_PORT = 9464;

  /** Reads the settings from environment variables, with defaults. */
  public static MetricsConfig fromEnvironment(Map<String, String> env) {
    return new MetricsConfig(
        port(env.get("COURSEPORT_METRICS_PORT")),
        bindAddress(env.get("COURSEPORT_METRICS_BIND_ADDRESS")));
  }

  /** Whether the management port is on. */
  public boolean enabled() {
    return port >= 0;
  }

  /** The socket address to listen on. */
  public InetSocketAddress listenAddress() {
    return new InetSocketAddress(bindAddress, port);
  }

  private static int port(String raw) {
    if (raw == null || raw.isBlank()) {
      return DEFAULT_PORT;
    }
    String value = raw.trim();
    if (value.equalsIgnoreCase("off")) {
      return -1;
    }
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "COURSEPORT_METRICS_PORT must be a port number (0 for a free port) or 'off', got '"
            + value
            + "'");
  }

  private static String bindAddress(String raw) {
    if (raw == null || raw.isBlank()) {
      return "127.0.0.1";
    }
    String value = raw.trim();
    try {
      InetAddress.getByName(value);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "COURSEPORT_METRICS_BIND_ADDRESS must be an IP address or a host name, got '"
              + value
              + "'",
          e);
    }
    return value;
  }
}
