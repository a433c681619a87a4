package org.courseport.server.storage.mongo.coursepackage;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import java.util.UUID;
import org.bson.Document;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.testing.MemoryMongo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Public tenant UUIDs on the {@code tenants} collection. */
class MongoTenantDirectoryTest {
  @RegisterExtension final MemoryMongo mongo = new MemoryMongo();
  final MongoCollection<Document> tenants = mongo.database().getCollection(MongoStore.TENANTS);
  MongoTenantDirectory directory;

  @BeforeEach
  void start() {
    directory = new MongoTenantDirectory(mongo.database());
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
