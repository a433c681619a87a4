package org.courseport.server.webhooks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/** An in-memory mongo-java-server on loopback and a client of it, for engine tests. */
final class MemoryMongo implements AutoCloseable {
  private final MongoServer server = new MongoServer(new MemoryBackend());
  private final MongoClient client;

  MemoryMongo() {
    server.bind("127.0.0.1", 0);
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
  }

  MongoDatabase database() {
    return client.getDatabase("courseport");
  }

  @Override
  public void close() {
    client.close();
    server.shutdownNow();
  }
}
