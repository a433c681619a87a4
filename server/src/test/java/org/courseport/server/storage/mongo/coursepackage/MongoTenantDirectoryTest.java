package org.courseport.server.storage.mongo.coursepackage;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.UUID;
import org.bson.Document;
import org.courseport.server.storage.mongo.MongoStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Public tenant UUIDs on the {@code tenants} collection. */
class MongoTenantDirectoryTest {
  MongoServer server;
  MongoClient client;
  MongoCollection<Document> tenants;
  MongoTenantDirectory directory;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    tenants = client.getDatabase("courseport").getCollection(MongoStore.TENANTS);
    directory = new MongoTenantDirectory(client.getDatabase("courseport"));
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void existingTenantsWithoutUuid_getOneOnStart_andKeepIt() {
    tenants.insertOne(new Document("tenantId", "t1").append("name", "Acme"));
    tenants.insertOne(new Document("tenantId", "t2").append("name", "Beta"));

    assertThat(directory.assignMissing()).isEqualTo(2);
    String first = tenants.find(new Document("tenantId", "t1")).first().getString("uuid");

    assertThat(UUID.fromString(first).toString()).isEqualTo(first);
    assertThat(directory.assignMissing()).isZero();
    assertThat(directory.uuidOf("t1")).isEqualTo(first);
    assertThat(directory.uuidOf("t2")).isNotEqualTo(first);
  }

  @Test
  void tenantCreatedLater_getsItsUuidOnFirstUse() {
    tenants.insertOne(new Document("tenantId", "late").append("name", "Late"));

    String uuid = directory.uuidOf("late");

    assertThat(directory.uuidOf("late")).isEqualTo(uuid);
    assertThat(tenants.find(new Document("tenantId", "late")).first().getString("uuid"))
        .isEqualTo(uuid);
  }
}
