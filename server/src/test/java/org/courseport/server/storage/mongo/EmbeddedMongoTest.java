package org.courseport.server.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.courseport.server.domain.tenant.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EmbeddedMongo}: loopback only, data kept in the data directory across restarts. */
class EmbeddedMongoTest {
  @TempDir Path dataDir;

  @Test
  void listensOnLoopbackAndKeepsItsFileInTheDataDirectory() throws IOException {
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir)) {
      assertThat(mongo.connectionString()).matches("mongodb://127\\.0\\.0\\.1:\\d+");
      assertThat(mongo.file()).isEqualTo(dataDir.resolve("mongo/courseport.mv").toAbsolutePath());
      assertThat(mongo.file()).exists();
    }
  }

  @Test
  void documentsWrittenBeforeCloseAreReadAfterRestart() throws IOException {
    Tenant tenant = new Tenant("t1", "Acme", Instant.parse("2024-05-01T10:00:00.001Z"));
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
        MongoStore store = new MongoStore(mongo.connectionString())) {
      store.tenants().insertTenant(tenant);
    }

    try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
        MongoStore store = new MongoStore(mongo.connectionString())) {
      assertThat(store.tenants().findTenant("t1")).contains(tenant);
      assertThat(store.tenants().countTenants()).isEqualTo(1);
    }
  }

  @Test
  void uniqueIndexesStillHoldAfterRestart() throws IOException {
    Tenant tenant = new Tenant("t1", "Acme", Instant.parse("2024-05-01T10:00:00Z"));
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
        MongoStore store = new MongoStore(mongo.connectionString())) {
      store.tenants().insertTenant(tenant);
    }

    try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
        MongoStore store = new MongoStore(mongo.connectionString())) {
      assertThatThrownBy(() -> store.tenants().insertTenant(tenant))
          .hasMessageContaining("already exists");
    }
  }

  @Test
  void secondServerOnTheSameDirectoryIsRefusedWhileTheFirstRuns() throws IOException {
    try (EmbeddedMongo first = EmbeddedMongo.start(dataDir)) {
      assertThatThrownBy(() -> EmbeddedMongo.start(dataDir)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void pingSucceedsWhileRunningAndFailsAfterClose() throws IOException {
    EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
    String fastFailing = mongo.connectionString() + "/?serverSelectionTimeoutMS=3000";
    try (MongoStore store = new MongoStore(fastFailing)) {
      store.ping();
      mongo.close();

      assertThatThrownBy(store::ping).isInstanceOf(MongoException.class);
    }
  }

  @Test
  void closeTwiceIsHarmless() throws IOException {
    EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
    mongo.close();
    mongo.close();
  }
}
