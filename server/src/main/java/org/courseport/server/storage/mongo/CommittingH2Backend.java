package org.courseport.server.storage.mongo;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
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

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    try {
      return super.handleCommand(channel, database, command, query);
    } finally {
      // Also after a failed command: a bulk write may have applied part of its documents.
      if (mayModify(command)) {
        commit();
        if (fsync) {
          store.sync();
        }
      }
    }
  }

  /** Whether {@code command} may change stored data (anything not known to be read-only). */
  static boolean mayModify(String command) {
    return !READ_ONLY.contains(command.toLowerCase(Locale.ROOT));
  }
}
