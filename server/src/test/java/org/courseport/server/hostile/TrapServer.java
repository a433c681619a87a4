package org.courseport.server.hostile;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server that records every request: hostile XML must never make one. A request is
 * recorded before it is answered, so a client that has its answer has been recorded.
 */
final class TrapServer implements AutoCloseable {
  private final HttpServer http;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  TrapServer() {
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    http.createContext(
        "/",
        exchange -> {
          requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
          byte[] body = "<!ENTITY leaked \"TRAP-CONTENT\">".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    http.start();
  }

  /** An absolute URL on this server. */
  String url(String path) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + path;
  }

  /** The requests received so far, as {@code METHOD /path}. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the requests received so far. */
  void clear() {
    requests.clear();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
