package org.courseport.client.cli;

import java.net.URI;
import java.net.URISyntaxException;

/** Checks the {@code --target} option: a gRPC address given as {@code host:port}, not a URL. */
final class Targets {
  /** The server's gRPC port unless it sets {@code COURSEPORT_GRPC_PORT}. */
  static final int DEFAULT_GRPC_PORT = 9090;

  private Targets() {}

  /** What is wrong with {@code target}, in one line naming what to pass; null when it is usable. */
  static String problem(String target) {
    if (target == null || target.isBlank()) {
      return "no target: pass --target host:port (the server's gRPC port, default localhost:"
          + DEFAULT_GRPC_PORT
          + ") or set COURSEPORT_TARGET";
    }
    if (!target.contains("://")) {
      return null;
    }
    return "--target takes the server's gRPC address as host:port, not a URL: got '"
        + target
        + "', pass --target "
        + suggestion(target)
        + " (the gRPC port is "
        + DEFAULT_GRPC_PORT
        + " unless the server sets COURSEPORT_GRPC_PORT; the REST port does not serve the"
        + " command line)";
  }

  /** host:port from a URL; the URL's port only when it is not a usual HTTP port. */
  private static String suggestion(String url) {
    try {
      URI uri = new URI(url);
      String host = uri.getHost() == null ? "localhost" : uri.getHost();
      int port = uri.getPort();
      boolean httpPort = port == -1 || port == 80 || port == 443 || port == 8080 || port == 8081;
      return host + ":" + (httpPort ? DEFAULT_GRPC_PORT : port);
    } catch (URISyntaxException e) {
      return "localhost:" + DEFAULT_GRPC_PORT;
    }
  }
}
