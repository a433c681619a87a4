package org.courseport.server.storage.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend that acknowledges a write only once it is in the store file: it
 * commits the {@link MVStore} after every command that may modify data, before the reply goes back
 * to the driver, instead of leaving it to the store's background writer (up to a second later). The
 * commit writes the new chunk with the caller's thread to the operating system's page cache, which
 * survives the death of the process; with {@code fsync} it also forces the file to the disk.
 *
 * <p>Commits of concurrent commands are serialised by the store's lock; a command that finds its
 * changes already stored by another thread's commit returns once that commit has finished.
 *
 * <p>A command sent with the write concern {@code j: false} explicitly (MongoDB: acknowledged
 * before the journal has it) is answered without a commit: its change is in the store's memory and
 * reaches the file with the next commit, either another command's (commits are store-global) or the
 * background writer's (within about a second). The server sends the rate-limit counts so
 * (docs/rate-limits.md): a crash may lose the last second of counts, never an acknowledged write of
 * user data, which is sent with the default write concern and committed as above.
 *
 * <p>Its document and unique-index maps have {@link CanonicalKeyType} keys ({@link
 * CanonicalKeyMaps}), so that a key with a document in it (a compound {@code _id}) always finds its
 * entry.
 */
final class CommittingH2Backend extends H2Backend {
  /**
   * Commands that never modify data; every other command is followed by a commit ({@code aggregate}
   * too, since a pipeline may end in {@code $out} or {@code $merge}).
   */
  private static final Set<String> READ_ONLY =
      Set.of(
          "find",
          "getmore",
          "count",
          "distinct",
          "listcollections",
          "listindexes",
          "listdatabases",
          "hello",
          "ismaster",
          "ping",
          "buildinfo",
          "serverstatus",
          "whatsmyuri",
          "killcursors",
          "endsessions",
          "dbstats",
          "collstats",
          "getlasterror",
          "getparameter",
          "connectionstatus",
          "hostinfo",
          "getcmdlineopts",
          "getlog",
          "saslstart",
          "saslcontinue");

  private final MVStore store;
  private final boolean fsync;

  CommittingH2Backend(MVStore store, boolean fsync) {
    super(store);
    this.store = store;
    this.fsync = fsync;
  }

  /**
   * Called by the backend's constructor for each database in the file, and later for a new one: the
   * database's maps are opened with canonical keys (re-sorted once if needed) before the backend's
   * own database opens them.
   */
  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    CanonicalKeyMaps.prepare(getMvStore(), databaseName);
    return new CanonicalKeyDatabase(databaseName);
  }

  /** The backend's database, with the maps of a new collection or index opened canonically. */
  private final class CanonicalKeyDatabase extends H2Database {
    CanonicalKeyDatabase(String databaseName) {
      super(
          databaseName,
          CommittingH2Backend.this.getMvStore(),
          CommittingH2Backend.this.getCursorRegistry());
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(
        String collectionName, CollectionOptions options) {
      CanonicalKeyMaps.open(
          getMvStore(), CanonicalKeyMaps.DATA_PREFIX + getFullCollectionNamespace(collectionName));
      return super.openOrCreateCollection(collectionName, options);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(
        String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
      CanonicalKeyMaps.open(
          getMvStore(),
          getFullCollectionNamespace(collectionName) + CanonicalKeyMaps.INDEX_INFIX + indexName);
      return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    try {
      return super.handleCommand(channel, database, command, query);
    } finally {
      // Also after a failed command: a bulk write may have applied part of its documents.
      if (mayModify(command) && !unjournaled(query)) {
        commit();
        if (fsync) {
          store.sync();
        }
      }
    }
  }

  /**
   * Whether {@code query} (the whole command document, as the driver sent it) asks for a write
   * concern with {@code j: false}, which MongoDB acknowledges before the write is in its journal.
   * An absent write concern, an absent {@code j} and {@code j: true} all mean: commit.
   */
  static boolean unjournaled(Document query) {
    return query != null
        && query.get("writeConcern") instanceof Document writeConcern
        && Boolean.FALSE.equals(writeConcern.get("j"));
  }

  /** Whether {@code command} may change stored data (anything not known to be read-only). */
  static boolean mayModify(String command) {
    return !READ_ONLY.contains(command.toLowerCase(Locale.ROOT));
  }
}
