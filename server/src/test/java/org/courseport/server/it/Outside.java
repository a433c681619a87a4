package org.courseport.server.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The world outside the server, on loopback: a package to import from a URL ({@code /pkg.zip}), an
 * external image ({@code /media/cell.png}) and a webhook receiver ({@code /hook}). Until {@link
 * #answerFromNowOn()} every request is recorded and then held without an answer (the server that
 * sent it is killed meanwhile); after it, each is recorded and answered 200.
 */
final class Outside implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request received: the delivery id and event id of a webhook call (null otherwise). */
  record Received(String deliveryId, String eventId) {}

  /** The requests one path received. */
  static final class Route {
    private final List<Received> requests = new ArrayList<>();

    private synchronized void add(Received r) {
      requests.add(r);
      notifyAll();
    }

    /** Waits (bounded) until at least {@code n} requests arrived; all of them so far. */
    synchronized List<Received> awaitRequest(int n) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (requests.size() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("expected " + n + " requests, got " + requests.size());
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return List.copyOf(requests);
    }

    synchronized List<Received> requests() {
      return List.copyOf(requests);
    }
  }

  final Route pkg = new Route();
  final Route media = new Route();
  final Route hook = new Route();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final CountDownLatch answering = new CountDownLatch(1);

  Outside(byte[] packageZip, byte[] png) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/pkg.zip", ex -> serve(ex, pkg, null, "application/zip", packageZip));
    server.createContext("/media/", ex -> serve(ex, media, null, "image/png", png));
    server.createContext(
        "/hook",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          String eventId = JSON.readTree(body).path("id").asText(null);
          Received r =
              new Received(ex.getRequestHeaders().getFirst("Courseport-Delivery-Id"), eventId);
          serve(ex, hook, r, "application/json", "{}".getBytes());
        });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Stops holding: held requests are let go, and every request from now on is answered. */
  void answerFromNowOn() {
    answering.countDown();
  }

  private void serve(HttpExchange ex, Route route, Received r, String type, byte[] body)
      throws IOException {
    try (ex) {
      boolean answer = answering.getCount() == 0;
      route.add(r != null ? r : new Received(null, null));
      if (!answer) {
        try {
          answering.await(); // held: the server that asked is killed meanwhile
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    answering.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
