package org.courseport.server.storage.mongo;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded document store: mongo-java-server with its H2 backend, on a loopback port. A write
 * is acknowledged only once it is in the store file (see {@link CommittingH2Backend}), so it
 * survives a crash or {@code kill -9} of the process; with {@code fsync} also a power loss.
 */
public final class EmbeddedMongo implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

  /** Store file, relative to the data directory. */
  public static final String STORE_FILE = "mongo/courseport.mv";

  private static final String LOOPBACK = "127.0.0.1";

  private final MongoServer server;
  private final Path file;
  private final String connectionString;
  private boolean closed;

  private EmbeddedMongo(MongoServer server, Path file, String connectionString) {
    this.server = server;
    this.file = file;
    this.connectionString = connectionString;
  }

  /**
   * Opens (or creates) the store in {@code <dataDir>/mongo/courseport.mv} and listens on a free
   * port of 127.0.0.1. The H2 backend's collections serialise their writes and find-and-modify
   * operations, so each single-document update is atomic here as on a real MongoDB.
   */
  public static EmbeddedMongo start(Path dataDir) throws IOException {
    return start(dataDir, false);
  }

  /** As {@link #start(Path)}; {@code fsync} forces every commit to the disk before the reply. */
  public static EmbeddedMongo start(Path dataDir, boolean fsync) throws IOException {
    return start(dataDir, fsync, 0);
  }

  /**
   * As {@link #start(Path, boolean)}, listening on {@code port} of 127.0.0.1 ({@code
   * COURSEPORT_EMBEDDED_MONGO_PORT}), so that other server processes on this machine can share the
   * store with {@code MONGODB_URI=mongodb://127.0.0.1:<port>}; 0 picks a free port.
   */
  public static EmbeddedMongo start(Path dataDir, boolean fsync, int port) throws IOException {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("the embedded MongoDB port must be 0..65535, got " + port);
    }
    Path file = dataDir.resolve(STORE_FILE).toAbsolutePath();
    Files.createDirectories(file.getParent());
    MongoServer server = open(file, fsync, port);
    String connectionString = "mongodb://" + LOOPBACK + ":" + server.getLocalAddress().getPort();
    log.info("Embedded MongoDB (H2 file {}) listening on {}", file, connectionString);
    return new EmbeddedMongo(server, file, connectionString);
  }

  private static MongoServer open(Path file, boolean fsync, int port) throws IOException {
    MVStore store;
    try {
      // The backend commits after each modifying command. The store's background writer stays
      // on: it also frees and compacts old chunks, without which the file grows by every commit.
      store = new MVStore.Builder().fileName(file.toString()).open();
    } catch (RuntimeException e) {
      throw new IOException("cannot open " + file + " (is another server using it?)", e);
    }
    CommittingH2Backend backend;
    try {
      backend = new CommittingH2Backend(store, fsync);
    } catch (RuntimeException e) {
      store.close();
      throw new IOException("cannot read the databases in " + file, e);
    }
    MongoServer server = new MongoServer(backend);
    try {
      server.bind(new InetSocketAddress(LOOPBACK, port));
    } catch (Exception e) { // Netty throws a BindException without declaring it
      backend.close();
      String where = port == 0 ? LOOPBACK : LOOPBACK + ":" + port + " (is the port in use?)";
      throw new IOException("cannot start the embedded MongoDB on " + where, e);
    }
    return server;
  }

  /** The connection string clients use, {@code mongodb://127.0.0.1:<port>}. */
  public String connectionString() {
    return connectionString;
  }

  /** The loopback port the store listens on. */
  public int port() {
    return server.getLocalAddress().getPort();
  }

  /** The H2 file the documents live in. */
  public Path file() {
    return file;
  }

  /** Stops listening and closes the H2 store, which writes every pending change to the file. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    log.info("Embedded MongoDB on {} stopped, store {} closed", connectionString, file);
  }
}
