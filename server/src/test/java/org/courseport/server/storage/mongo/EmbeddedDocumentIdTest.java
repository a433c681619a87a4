package org.courseport.server.storage.mongo;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents whose {@code _id} is itself a document ({@code {tenantId, packageId}}, as the package
 * extras and settings use) in the embedded store, through the real driver and wire protocol: with a
 * one-megabyte page cache the store reads its pages back from the file at once, which is when
 * mongo-java-server's H2 backend lost such documents before {@link CanonicalKeyType}.
 */
class EmbeddedDocumentIdTest {
  private static final int DOCUMENTS = 1000;
  private static final String PAD = "x".repeat(500);

  @TempDir Path dataDir;

  @Test
  void everyUpsertAndUpdateFindsItsDocument_afterThePagesWereReadBackFromTheFile()
      throws IOException {
    try (Store s = Store.open(dataDir, true)) {
      MongoCollection<Document> c = s.collection();
      for (int i = 0; i < DOCUMENTS; i++) {
        c.updateOne(
            eq("_id", id(i)),
            Updates.combine(Updates.set("first", i), Updates.set("pad", PAD)),
            new UpdateOptions().upsert(true));
      }
      // Each update finds the document the upsert made (before: 999 of 1,000 failed with a
      // duplicate key on the _id index, the document not updated).
      for (int i = 0; i < DOCUMENTS; i++) {
        c.updateOne(eq("_id", id(i)), Updates.set("second", i), new UpdateOptions().upsert(true));
      }

      assertThat(c.countDocuments()).isEqualTo(DOCUMENTS);
      assertThat(c.countDocuments(eq("second", 7))).isEqualTo(1);
      for (int i = 0; i < DOCUMENTS; i += 97) {
        List<Document> found = c.find(eq("_id", id(i))).into(new ArrayList<>());
        assertThat(found).hasSize(1);
        assertThat(found.get(0).getInteger("first")).isEqualTo(i);
        assertThat(found.get(0).getInteger("second")).isEqualTo(i);
      }
    }
  }

  @Test
  void aUniqueIndexOnADocumentField_refusesItsOwnValueTwice_afterPagesWereReadBack()
      throws IOException {
    try (Store s = Store.open(dataDir, true)) {
      MongoCollection<Document> c = s.collection();
      c.createIndex(Indexes.ascending("scope"), new IndexOptions().unique(true));
      for (int i = 0; i < DOCUMENTS; i++) {
        c.insertOne(new Document("_id", "d" + i).append("scope", id(i)).append("pad", PAD));
      }
      for (int i = 0; i < DOCUMENTS; i += 97) {
        Document again = new Document("_id", "again" + i).append("scope", id(i));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.insertOne(again))
            .hasMessageContaining("E11000");
        assertThat(c.find(eq("scope", id(i))).into(new ArrayList<>())).hasSize(1);
      }
      assertThat(c.countDocuments()).isEqualTo(DOCUMENTS);
    }
  }

  @Test
  void aFileWrittenInTheOldOrder_isReSortedAtStart_andAKeyStoredTwiceKeptOnce() throws IOException {
    // A file as the library's own backend leaves it: three documents, then a second copy of the
    // first one's key, built another way (so serialized otherwise) as the old order allowed.
    try (Store s = Store.openWithLibraryBackend(dataDir)) {
      for (int i = 0; i < 3; i++) {
        s.collection().insertOne(new Document("_id", id(i)).append("n", i));
      }
    }
    Path file = dataDir.resolve(EmbeddedMongo.STORE_FILE);
    MVStore raw = new MVStore.Builder().fileName(file.toString()).open();
    try {
      MVMap<Object, Object> documents = raw.openMap(CanonicalKeyMaps.DATA_PREFIX + "courseport.c");
      assertThat(documents.size()).isEqualTo(3);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("tenantId", "t");
      fields.put("packageId", "p0");
      de.bwaldvogel.mongo.bson.Document otherwiseBuilt = new de.bwaldvogel.mongo.bson.Document();
      otherwiseBuilt.putAll(fields);
      de.bwaldvogel.mongo.bson.Document copy =
          new de.bwaldvogel.mongo.bson.Document("_id", otherwiseBuilt).append("n", 0);
      documents.put(otherwiseBuilt, copy);
      assertThat(documents.size()).as("the old order keeps both copies").isEqualTo(4);
      raw.commit();
    } finally {
      raw.close();
    }

    try (Store s = Store.open(dataDir, false)) {
      MongoCollection<Document> c = s.collection();
      assertThat(c.countDocuments()).isEqualTo(3);
      assertThat(c.find(eq("_id", id(0))).into(new ArrayList<>())).hasSize(1);
      c.updateOne(eq("_id", id(0)), Updates.set("after", true));
      assertThat(c.find(eq("_id", id(0))).first().getBoolean("after")).isTrue();
      assertThat(c.countDocuments(eq("after", true))).isEqualTo(1);
    }
    // The rewrite was committed: the next start finds the same three documents.
    try (Store s = Store.open(dataDir, false)) {
      assertThat(s.collection().countDocuments()).isEqualTo(3);
      assertThat(s.collection().find(eq("_id", id(0))).first().getBoolean("after")).isTrue();
    }
  }

  @Test
  void everyDocumentAndUniqueIndexMap_hasCanonicalKeys_alsoForCollectionsMadeLater()
      throws IOException {
    try (Store s = Store.open(dataDir, false)) {
      s.collection().insertOne(new Document("_id", id(1)));
    }
    try (Store s = Store.open(dataDir, false)) {
      MongoCollection<Document> later = s.client.getDatabase("courseport").getCollection("later");
      later.createIndex(Indexes.ascending("scope"), new IndexOptions().unique(true));
      later.insertOne(new Document("_id", "a").append("scope", id(2)));

      List<String> keyed =
          s.store.getMapNames().stream()
              .filter(name -> CanonicalKeyMaps.isKeyed(name, "courseport"))
              .sorted()
              .toList();
      // The backend's names as CanonicalKeyMaps expects them: if a new mongo-java-server names
      // its maps otherwise, this list no longer matches and the fix must follow.
      assertThat(keyed)
          .contains(
              "databases.courseport.c",
              "courseport.c._index__id_",
              "databases.courseport.later",
              "courseport.later._index__id_",
              "courseport.later._index_scope_1");
      for (String name : keyed) {
        assertThat(s.store.openMap(name).getKeyType())
            .as(name)
            .isInstanceOf(CanonicalKeyType.class);
      }
    }
  }

  @Test
  void canonicalKeyType_comparesEqualDocumentsEqual_howeverTheyWereBuilt() {
    de.bwaldvogel.mongo.bson.Document byPut =
        new de.bwaldvogel.mongo.bson.Document("tenantId", "t").append("packageId", "p");
    de.bwaldvogel.mongo.bson.Document byPutAll = new de.bwaldvogel.mongo.bson.Document();
    byPutAll.putAll(new LinkedHashMap<>(byPut));
    de.bwaldvogel.mongo.bson.Document cloned = byPut.cloneDeeply();
    de.bwaldvogel.mongo.bson.Document other =
        new de.bwaldvogel.mongo.bson.Document("tenantId", "t").append("packageId", "q");

    // The premise: the library's order tells these equal documents apart.
    assertThat(new ObjectDataType().compare(byPut, byPutAll)).isNotZero();

    CanonicalKeyType canonical = new CanonicalKeyType();
    for (Object a : List.of(byPut, byPutAll, cloned)) {
      for (Object b : List.of(byPut, byPutAll, cloned)) {
        assertThat(canonical.compare(a, b)).isZero();
      }
      assertThat(canonical.compare(new KeyValue(a), new KeyValue(byPut))).isZero();
      int ab = canonical.compare(a, other);
      assertThat(ab).isNotZero();
      assertThat(Integer.signum(canonical.compare(other, a))).isEqualTo(-Integer.signum(ab));
    }
    // Keys without documents compare as the library compares them.
    ObjectDataType library = new ObjectDataType();
    Function<Object, Integer> both = x -> Integer.signum(canonical.compare(x, "m"));
    for (Object x : List.of("a", "m", "z", new KeyValue("a"), 5L)) {
      assertThat(both.apply(x)).isEqualTo(Integer.signum(library.compare(x, "m")));
    }
  }

  private static Document id(int i) {
    return new Document("tenantId", "t").append("packageId", "p" + i);
  }

  /** The embedded store on a file in {@code dir}, served over the wire protocol on loopback. */
  private static final class Store implements AutoCloseable {
    final MVStore store;
    final MongoServer server;
    final MongoClient client;

    private Store(MVStore store, H2Backend backend) {
      this.store = store;
      this.server = new MongoServer(backend);
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      this.client =
          MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    }

    static Store open(Path dir, boolean smallCache) throws IOException {
      MVStore store = mvStore(dir, smallCache);
      return new Store(store, new CommittingH2Backend(store, false));
    }

    static Store openWithLibraryBackend(Path dir) throws IOException {
      MVStore store = mvStore(dir, false);
      return new Store(store, new H2Backend(store));
    }

    private static MVStore mvStore(Path dir, boolean smallCache) throws IOException {
      Path file = dir.resolve(EmbeddedMongo.STORE_FILE);
      Files.createDirectories(file.getParent());
      MVStore.Builder b = new MVStore.Builder().fileName(file.toString());
      if (smallCache) {
        b.cacheSize(1);
      }
      return b.open();
    }

    MongoCollection<Document> collection() {
      return client.getDatabase("courseport").getCollection("c");
    }

    @Override
    public void close() {
      client.close();
      server.shutdown();
    }
  }
}
