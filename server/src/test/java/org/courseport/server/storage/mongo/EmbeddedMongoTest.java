package org.courseport.server.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
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
  void acknowledgedWrite_isInTheFileBeforeTheReply(@TempDir Path copyDir) throws IOException {
    Tenant tenant = new Tenant("t1", "Acme", Instant.parse("2024-05-01T10:00:00Z"));
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
        MongoStore store = new MongoStore(mongo.connectionString())) {
      store.tenants().insertTenant(tenant);
      store.tenants().insertTenant(new Tenant("t2", "Beta", tenant.created()));
      store
          .database()
          .getCollection(MongoStore.TENANTS)
          .updateOne(
              new Document("tenantId", "t2"), new Document("$set", new Document("name", "B2")));
      store.database().getCollection(MongoStore.TENANTS).deleteOne(new Document("tenantId", "t1"));

      // The file as it is now, still open, is what a kill -9 would leave behind.
      Path copy = copyDir.resolve(EmbeddedMongo.STORE_FILE);
      Files.createDirectories(copy.getParent());
      Files.copy(mongo.file(), copy);
    }

    try (EmbeddedMongo mongo = EmbeddedMongo.start(copyDir);
        MongoStore store = new MongoStore(mongo.connectionString())) {
      assertThat(store.tenants().findTenant("t1")).isEmpty();
      assertThat(store.database().getCollection(MongoStore.TENANTS).find().into(new ArrayList<>()))
          .extracting(d -> d.getString("name"))
          .containsExactly("B2");
    }
  }

  @Test
  void everyWritingCommandIsCommitted_readsAreNot() {
    for (String write :
        List.of(
            "insert",
            "update",
            "delete",
            "findAndModify",
            "createIndexes",
            "drop",
            "dropDatabase",
            "dropIndexes",
            "create",
            "renameCollection",
            "aggregate")) {
      assertThat(CommittingH2Backend.mayModify(write)).as(write).isTrue();
    }
    for (String read :
        List.of(
            "find",
            "getMore",
            "count",
            "listIndexes",
            "hello",
            "isMaster",
            "ping",
            "endSessions",
            "killCursors")) {
      assertThat(CommittingH2Backend.mayModify(read)).as(read).isFalse();
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

  @Test
  void listensOnTheConfiguredPortWhereASecondClientSharesTheDocuments(@TempDir Path other)
      throws IOException {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Tenant tenant = new Tenant("t1", "Acme", Instant.parse("2024-05-01T10:00:00Z"));
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir, false, port);
        MongoStore first = new MongoStore(mongo.connectionString());
        MongoStore second = new MongoStore("mongodb://127.0.0.1:" + port)) {
      assertThat(mongo.port()).isEqualTo(port);
      assertThat(mongo.connectionString()).isEqualTo("mongodb://127.0.0.1:" + port);
      first.tenants().insertTenant(tenant);

      assertThat(second.tenants().findTenant("t1")).contains(tenant);
      // The port is taken now: a second store on it is refused with the port named.
      assertThatThrownBy(() -> EmbeddedMongo.start(other, false, port))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("127.0.0.1:" + port + " (is the port in use?)");
    }
  }

  @Test
  void aPortOutsideTheRangeIsRefused() {
    assertThatThrownBy(() -> EmbeddedMongo.start(dataDir, false, 70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..65535");
  }
}
