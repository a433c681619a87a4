package org.courseport.server.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CommittingH2Backend} and the write concern: through the real driver and wire protocol, a
 * write sent with {@code j: false} is answered without a commit, every other write is in the file
 * before its reply. The store's background writer is off here, so that nothing but the backend
 * commits and the assertions do not depend on timing.
 */
class CommittingH2BackendTest {
  private static final WriteConcern UNJOURNALED = WriteConcern.W1.withJournal(false);

  @TempDir Path dataDir;
  @TempDir Path copyDir;

  private MVStore store;
  private MongoServer server;
  private MongoClient client;
  private MongoCollection<Document> keys;

  @BeforeEach
  void start() throws IOException {
    Path file = dataDir.resolve(EmbeddedMongo.STORE_FILE);
    Files.createDirectories(file.getParent());
    store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
    server = new MongoServer(new CommittingH2Backend(store, false));
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    keys = client.getDatabase("courseport").getCollection("apiKeys");
    keys.insertOne(new Document("_id", "k1").append("n", 0L).append("name", "first"));
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdown();
  }

  @Test
  void unjournaledFindAndModify_isAnsweredWithoutACommit_theNextNormalWriteCommitsBoth()
      throws IOException {
    assertThat(store.hasUnsavedChanges()).isFalse();
    long version = store.getCurrentVersion();

    Document after =
        keys.withWriteConcern(UNJOURNALED)
            .findOneAndUpdate(
                Filters.eq("_id", "k1"),
                Updates.inc("n", 1L),
                new com.mongodb.client.model.FindOneAndUpdateOptions()
                    .returnDocument(com.mongodb.client.model.ReturnDocument.AFTER));

    assertThat(after.getLong("n")).isEqualTo(1L);
    assertThat(store.hasUnsavedChanges()).isTrue();
    assertThat(store.getCurrentVersion()).isEqualTo(version);
    // Answered from memory: the file (what a kill -9 would leave) still has the old count.
    assertThat(keys.find(Filters.eq("_id", "k1")).first().getLong("n")).isEqualTo(1L);
    assertThat(fileCopy()).containsEntry("n", 0L).containsEntry("name", "first");

    keys.updateOne(Filters.eq("_id", "k1"), Updates.set("name", "renamed"));

    assertThat(store.hasUnsavedChanges()).isFalse();
    assertThat(store.getCurrentVersion()).isGreaterThan(version);
    assertThat(fileCopy()).containsEntry("n", 1L).containsEntry("name", "renamed");
  }

  @Test
  void unjournaledUpdate_isAnsweredWithoutACommit() throws IOException {
    keys.withWriteConcern(UNJOURNALED).updateOne(Filters.eq("_id", "k1"), Updates.inc("n", -1L));

    assertThat(store.hasUnsavedChanges()).isTrue();
    assertThat(fileCopy()).containsEntry("n", 0L);

    keys.insertOne(new Document("_id", "k2"));

    assertThat(store.hasUnsavedChanges()).isFalse();
    assertThat(fileCopy()).containsEntry("n", -1L);
  }

  @Test
  void journaledWrite_isCommittedBeforeTheReply() throws IOException {
    long version = store.getCurrentVersion();

    keys.withWriteConcern(WriteConcern.W1.withJournal(true))
        .findOneAndUpdate(Filters.eq("_id", "k1"), Updates.inc("n", 1L));

    assertThat(store.hasUnsavedChanges()).isFalse();
    assertThat(store.getCurrentVersion()).isGreaterThan(version);
    assertThat(fileCopy()).containsEntry("n", 1L);
  }

  @Test
  void writeWithoutJ_isCommittedBeforeTheReply() throws IOException {
    // W1 alone ({w: 1}, no j) and the default (no writeConcern at all) both commit.
    keys.withWriteConcern(WriteConcern.W1)
        .findOneAndUpdate(Filters.eq("_id", "k1"), Updates.inc("n", 1L));
    assertThat(store.hasUnsavedChanges()).isFalse();
    assertThat(fileCopy()).containsEntry("n", 1L);

    keys.findOneAndUpdate(Filters.eq("_id", "k1"), Updates.inc("n", 1L));
    assertThat(store.hasUnsavedChanges()).isFalse();
    assertThat(fileCopy()).containsEntry("n", 2L);
  }

  @Test
  void onlyAnExplicitJFalseSkipsTheCommit() {
    assertThat(CommittingH2Backend.unjournaled(command(new Document("w", 1).append("j", false))))
        .isTrue();
    assertThat(CommittingH2Backend.unjournaled(command(new Document("w", 1).append("j", true))))
        .isFalse();
    assertThat(CommittingH2Backend.unjournaled(command(new Document("w", 1)))).isFalse();
    assertThat(CommittingH2Backend.unjournaled(command(new Document("w", "majority")))).isFalse();
    assertThat(CommittingH2Backend.unjournaled(command(null))).isFalse();
    assertThat(CommittingH2Backend.unjournaled(null)).isFalse();
  }

  private static de.bwaldvogel.mongo.bson.Document command(Document writeConcern) {
    de.bwaldvogel.mongo.bson.Document command =
        new de.bwaldvogel.mongo.bson.Document("findAndModify", "apiKeys");
    if (writeConcern != null) {
      command.put("writeConcern", new de.bwaldvogel.mongo.bson.Document(writeConcern));
    }
    return command;
  }

  /** Key k1 as a copy of the store file, taken now and opened on its own, has it. */
  private Document fileCopy() throws IOException {
    Path copy = copyDir.resolve(EmbeddedMongo.STORE_FILE);
    Files.createDirectories(copy.getParent());
    Files.copy(
        dataDir.resolve(EmbeddedMongo.STORE_FILE),
        copy,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (EmbeddedMongo reopened = EmbeddedMongo.start(copyDir);
        MongoClient reader = MongoClients.create(reopened.connectionString())) {
      return reader
          .getDatabase("courseport")
          .getCollection("apiKeys")
          .find(Filters.eq("_id", "k1"))
          .first();
    }
  }
}
