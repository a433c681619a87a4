package org.courseport.server.outage;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * A MongoDB (mongo-java-server, H2 backend in one file) on a fixed loopback port that a test can
 * stop and start again: stopping closes every client connection and the file, as a MongoDB that
 * goes down; starting opens the same file on the same port, so the documents are still there.
 */
final class RestartableStore implements AutoCloseable {
  private final Path file;
  private final int port;
  private MongoServer server;

  private RestartableStore(Path file, int port) {
    this.file = file;
    this.port = port;
  }

  /** A store on a free port of 127.0.0.1, keeping its documents in {@code file}; started. */
  static RestartableStore start(Path file) {
    RestartableStore store = new RestartableStore(file, freePort());
    store.start();
    return store;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Listens again on the same port over the same file. */
  synchronized void start() {
    if (server != null) {
      throw new IllegalStateException("already running");
    }
    MongoServer s = new MongoServer(new H2Backend(file.toString()));
    s.bind(new InetSocketAddress("127.0.0.1", port));
    server = s;
  }

  /** Goes away: closes the listener, every client connection and the H2 file. */
  synchronized void stop() {
    if (server != null) {
      server.shutdownNow();
      server = null;
    }
  }

  /** {@code mongodb://127.0.0.1:<port>}. */
  String uri() {
    return "mongodb://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    stop();
  }
}
