package org.courseport.server.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.courseport.server.storage.mongo.MongoStore;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-memory mongo-java-server on loopback, started when constructed, and a driver client of it:
 * the store of the tests that exercise code over the driver without durability. As an instance
 * field under {@code @RegisterExtension} it is closed after each test (after the test's own
 * {@code @AfterEach} methods); otherwise {@link #close()} it. Test helper.
 */
public final class MemoryMongo implements AutoCloseable, AfterEachCallback {
  private final MongoServer server = new MongoServer(new MemoryBackend());
  private final MongoClient client;

  public MemoryMongo() {
    server.bind("127.0.0.1", 0);
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
  }

  /** The database the server uses, {@link MongoStore#DATABASE}. */
  public MongoDatabase database() {
    return client.getDatabase(MongoStore.DATABASE);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    client.close();
    server.shutdownNow();
  }
}
