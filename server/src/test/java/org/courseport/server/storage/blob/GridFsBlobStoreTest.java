package org.courseport.server.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.blob.BlobStore.BlobWriter;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link BlobStoreContract} on GridFS (mongo-java-server, as in every test), with two store
 * instances on one database standing for two replicas; and what is GridFS's own: the layout that
 * standard GridFS readers understand, the guard's lease, the sweep of abandoned uploads.
 */
class GridFsBlobStoreTest extends BlobStoreContract {
  static EmbeddedTestMongo mongo;
  static MongoClient client;
  static int databases;
  MongoDatabase database;
  GridFsBlobStore store;

  @BeforeAll
  static void startMongo() throws IOException {
    mongo = EmbeddedTestMongo.start();
    client = MongoClients.create(mongo.connectionString());
  }

  @AfterAll
  static void stopMongo() throws IOException {
    client.close();
    mongo.close();
  }

  @BeforeEach
  void openStore() {
    database = client.getDatabase("blobs" + (++databases));
    store = new GridFsBlobStore(database, Clock.systemUTC());
  }

  @AfterEach
  void dropDatabase() {
    database.drop();
  }

  @Override
  BlobStore store() {
    return store;
  }

  @Override
  BlobStore otherReplica() {
    // Its own in-process locks: only the lease documents in MongoDB are shared.
    return new GridFsBlobStore(database, Clock.systemUTC());
  }

  @Override
  long storedCopies(String blobId) {
    long files =
        database.getCollection("blobs.files").countDocuments(Filters.eq("filename", blobId));
    if (files == 0) {
      assertThat(database.getCollection("blobs.chunks").countDocuments()).isZero();
    }
    return files;
  }

  @Override
  long leftovers() {
    long pending =
        database
            .getCollection("blobs.files")
            .countDocuments(Filters.regex("filename", "^pending/"));
    Document[] published =
        database
            .getCollection("blobs.files")
            .find()
            .into(new java.util.ArrayList<>())
            .toArray(Document[]::new);
    long expectedChunks = 0;
    for (Document file : published) {
      long length = ((Number) file.get("length")).longValue();
      expectedChunks += (length + GridFsBlobStore.CHUNK_SIZE - 1) / GridFsBlobStore.CHUNK_SIZE;
    }
    long strayChunks = database.getCollection("blobs.chunks").countDocuments() - expectedChunks;
    long guards = database.getCollection(GridFsBlobStore.GUARDS).countDocuments();
    return pending + strayChunks + guards;
  }

  @Test
  void blobsAreStandardGridFsFilesNamedBySha256InChunksOf255KiB() throws Exception {
    byte[] bytes = random(600_000, 21);

    String id = put(store, bytes);

    try (InputStream in = GridFSBuckets.create(database, "blobs").openDownloadStream(id)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    Document file = database.getCollection("blobs.files").find(Filters.eq("filename", id)).first();
    assertThat(file.getInteger("chunkSize")).isEqualTo(255 * 1024);
    assertThat(((Number) file.get("length")).longValue()).isEqualTo(600_000);
    assertThat(
            database
                .getCollection("blobs.chunks")
                .countDocuments(Filters.eq("files_id", file.getObjectId("_id"))))
        .isEqualTo(3);
    assertThat(database.getCollection(GridFsBlobStore.GUARDS).countDocuments()).isZero();
  }

  @Test
  void bytesGoToMongoDbAChunkAtATimeWhileTheBlobIsWritten() throws Exception {
    try (BlobWriter writer = store.newWriter()) {
      OutputStream out = writer.stream();
      out.write(random(3 * GridFsBlobStore.CHUNK_SIZE + 10, 22));
      // Three full chunks are stored before the commit; the rest waits in the one chunk buffer.
      assertThat(database.getCollection("blobs.chunks").countDocuments()).isEqualTo(3);
      assertThat(database.getCollection("blobs.files").countDocuments()).isZero();
    }
    assertThat(database.getCollection("blobs.chunks").countDocuments()).isZero();
  }

  @Test
  void aGuardLeftByAProcessThatDiedIsTakenOverOnceItsLeaseRanOut() throws Exception {
    byte[] bytes = random(1000, 23);
    String id = sha256(bytes);
    database
        .getCollection(GridFsBlobStore.GUARDS)
        .insertOne(
            new Document("_id", id)
                .append("owner", "dead-replica")
                .append("until", Date.from(Instant.now().minusSeconds(1))));

    assertThat(put(store, bytes)).isEqualTo(id);

    assertThat(store.exists(id)).isTrue();
    assertThat(database.getCollection(GridFsBlobStore.GUARDS).countDocuments()).isZero();
  }

  @Test
  void aGuardHeldPastTheWaitLimitFailsTheCommitWithAClearMessageAndLeavesNoChunks()
      throws Exception {
    byte[] bytes = random(1000, 24);
    String id = sha256(bytes);
    database
        .getCollection(GridFsBlobStore.GUARDS)
        .insertOne(
            new Document("_id", id)
                .append("owner", "busy-replica")
                .append("until", Date.from(Instant.now().plusSeconds(3600))));
    // A zero lease: the waiting side gives up at once instead of after two leases.
    GridFsBlobStore impatient = new GridFsBlobStore(database, Clock.systemUTC(), Duration.ZERO);

    try (BlobWriter writer = impatient.newWriter()) {
      writer.stream().write(bytes);
      assertThatThrownBy(writer::commit)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("blob " + id + " stayed guarded by another server");
    }

    assertThat(store.exists(id)).isFalse();
    assertThat(database.getCollection("blobs.chunks").countDocuments()).isZero();
    assertThat(database.getCollection("blobs.files").countDocuments()).isZero();
  }

  @Test
  void sweepRemovesOldAbandonedUploadsButNotYoungOnesOrBlobs() throws Exception {
    String kept = put(store, random(300_000, 25));
    Instant now = Instant.parse("2026-01-02T00:00:00Z");
    ObjectId old = new ObjectId(Date.from(now.minus(Duration.ofDays(2))));
    ObjectId oldPending = new ObjectId(Date.from(now.minus(Duration.ofDays(2))));
    ObjectId young = new ObjectId(Date.from(now.minus(Duration.ofHours(1))));
    var chunks = database.getCollection("blobs.chunks");
    var files = database.getCollection("blobs.files");
    for (ObjectId id : new ObjectId[] {old, oldPending, young}) {
      chunks.insertOne(
          new Document("files_id", id).append("n", 0).append("data", new Binary(new byte[10])));
    }
    files.insertOne(
        new Document("_id", oldPending)
            .append("filename", "pending/" + oldPending.toHexString())
            .append("length", 10L)
            .append("chunkSize", GridFsBlobStore.CHUNK_SIZE)
            .append("uploadDate", Date.from(now.minus(Duration.ofDays(2)))));
    GridFsBlobStore sweeper = new GridFsBlobStore(database, Clock.fixed(now, ZoneOffset.UTC));

    assertThat(sweeper.sweepAbandoned(Duration.ofDays(1))).isEqualTo(2);

    assertThat(chunks.countDocuments(Filters.eq("files_id", old))).isZero();
    assertThat(chunks.countDocuments(Filters.eq("files_id", oldPending))).isZero();
    assertThat(files.countDocuments(Filters.eq("_id", oldPending))).isZero();
    assertThat(chunks.countDocuments(Filters.eq("files_id", young))).isEqualTo(1);
    assertThat(read(store, kept)).hasSize(300_000);
  }

  /** GridFS copies an adopted file through a writer, which checks the caller's hash. */
  @Test
  void adoptRefusesAFileThatDoesNotHashToTheGivenId() throws Exception {
    Path file = Files.write(scratch.resolve("liar.zip"), random(1000, 17));
    String claimed = sha256(new byte[] {1});
    List<String> references = new ArrayList<>();

    assertThatThrownBy(() -> store.adopt(file, claimed, references::add))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hashes to");

    assertThat(references).isEmpty();
  }
}
