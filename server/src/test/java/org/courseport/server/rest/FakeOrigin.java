package org.courseport.server.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP server on one loopback address that serves fixed answers per path and records every
 * request it receives (method, path, headers, body). Stands in for the web server a package is
 * fetched from, or the receiver of a postback. Test helper.
 */
final class FakeOrigin implements AutoCloseable {
  /** A request as received. */
  record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private interface Answer {
    void answer(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fake-origin");
            t.setDaemon(true);
            return t;
          });
  private final InetAddress address;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private FakeOrigin(InetAddress address) throws IOException {
    this.address = address;
    server = HttpServer.create(new InetSocketAddress(address, 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server on {@code bindAddress} ({@code 127.0.0.1} or {@code ::1}), free port. */
  static FakeOrigin start(String bindAddress) {
    try {
      return new FakeOrigin(InetAddress.getByName(bindAddress));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://<literal>:<port><path>}. */
  String url(String path) {
    String host = address.getHostAddress();
    if (address instanceof Inet6Address) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port() + path;
  }

  /** Answers GET/POST on {@code path} with 200 and the bytes. */
  FakeOrigin serve(String path, String contentType, byte[] bytes) {
    answers.put(
        path,
        ex -> {
          ex.getResponseHeaders().set("Content-Type", contentType);
          ex.sendResponseHeaders(200, bytes.length);
          ex.getResponseBody().write(bytes);
        });
    return this;
  }

  /** Answers {@code path} with 302 to {@code location}. */
  FakeOrigin redirect(String path, String location) {
    answers.put(
        path,
        ex -> {
          ex.getResponseHeaders().set("Location", location);
          ex.sendResponseHeaders(302, -1);
        });
    return this;
  }

  /** Answers {@code path} with 204 (a postback receiver). */
  FakeOrigin accept(String path) {
    answers.put(path, ex -> ex.sendResponseHeaders(204, -1));
    return this;
  }

  /** Holds every request to {@code path} until the latch opens, then serves the bytes. */
  FakeOrigin hold(String path, CountDownLatch release, byte[] bytes) {
    answers.put(
        path,
        ex -> {
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.getResponseHeaders().set("Content-Type", "application/zip");
          ex.sendResponseHeaders(200, bytes.length);
          ex.getResponseBody().write(bytes);
        });
    return this;
  }

  /** Every request received so far. */
  List<Received> received() {
    return List.copyOf(received);
  }

  /** Requests received for one path. */
  List<Received> received(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** Waits until {@code count} requests for {@code path} arrived; returns them. */
  List<Received> await(String path, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received(path).size() < count && System.nanoTime() < deadline) {
      ScormCloudRest.sleep(50);
    }
    return received(path);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getRawPath();
      received.add(
          new Received(ex.getRequestMethod(), path, Map.copyOf(ex.getRequestHeaders()), body));
      Answer answer = answers.get(path);
      if (answer == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      answer.answer(ex);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
