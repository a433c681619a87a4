package org.courseport.server.storage.mongo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the embedded store's keyed maps with {@link CanonicalKeyType} before mongo-java-server's H2
 * backend asks for them (an open map is returned as it is, so the backend then works on ours), and
 * re-sorts at start the maps that an earlier version may have filled in the old order.
 *
 * <p>The backend's map names (mongo-java-server 1.47): a collection's documents are in {@code
 * databases.<db>.<collection>}, keyed by {@code _id}; a unique index (the {@code _id} index too) is
 * in {@code <db>.<collection>._index_<name>}, keyed by the index's values. The per-collection
 * {@code meta.} maps have string keys and stay as they are. {@code CanonicalKeyMapsTest} fails if a
 * new version of the backend names its maps otherwise.
 */
final class CanonicalKeyMaps {
  static final String DATA_PREFIX = "databases.";
  static final String INDEX_INFIX = "._index_";

  private static final Logger log = LoggerFactory.getLogger(CanonicalKeyMaps.class);

  private CanonicalKeyMaps() {}

  /** The map {@code name}, opened (or created) with {@link CanonicalKeyType} keys. */
  static <K, V> MVMap<K, V> open(MVStore store, String name) {
    return store.openMap(name, new MVMap.Builder<K, V>().keyType(new CanonicalKeyType()));
  }

  /** Whether {@code name} is a document or unique-index map of {@code database}. */
  static boolean isKeyed(String name, String database) {
    return name.startsWith(DATA_PREFIX + database + ".")
        || (name.startsWith(database + ".") && name.contains(INDEX_INFIX));
  }

  /**
   * Opens every document and unique-index map of {@code database} with canonical keys, and rewrites
   * each one that holds keys with documents in them, so that its entries are in the canonical order
   * and no key is there twice. All rewrites are committed together, with the store's background
   * writer held meanwhile: a crash leaves the store as it was before.
   */
  static void prepare(MVStore store, String database) {
    List<MVMap<Object, Object>> rewrite = new ArrayList<>();
    for (String name : List.copyOf(store.getMapNames())) {
      if (isKeyed(name, database)) {
        MVMap<Object, Object> map = open(store, name);
        if (!map.isEmpty()
            && (CanonicalKeyType.needsCanonicalForm(map.firstKey())
                || CanonicalKeyType.needsCanonicalForm(map.lastKey()))) {
          rewrite.add(map);
        }
      }
    }
    if (rewrite.isEmpty()) {
      return;
    }
    int autoCommitDelay = store.getAutoCommitDelay();
    store.setAutoCommitDelay(0);
    try {
      for (MVMap<Object, Object> map : rewrite) {
        rewrite(map);
      }
      store.commit();
    } catch (RuntimeException e) {
      store.rollback();
      throw e;
    } finally {
      store.setAutoCommitDelay(autoCommitDelay);
    }
  }

  /** Re-inserts every entry of {@code map} under the canonical order; duplicates collapse. */
  private static void rewrite(MVMap<Object, Object> map) {
    List<Map.Entry<Object, Object>> entries = new ArrayList<>();
    // The cursor walks the pages as stored, whatever their order.
    Cursor<Object, Object> cursor = map.cursor(null);
    while (cursor.hasNext()) {
      Object key = cursor.next();
      entries.add(Map.entry(key, cursor.getValue()));
    }
    map.clear();
    int duplicates = 0;
    for (Map.Entry<Object, Object> e : entries) {
      // Of two copies of one key, the later in the stored order stays: which copy the old
      // backend wrote last cannot be told from the map.
      if (map.put(e.getKey(), e.getValue()) != null) {
        duplicates++;
      }
    }
    if (duplicates > 0) {
      log.warn(
          "Embedded store map {}: {} entries were stored twice under one key; one copy of each kept",
          map.getName(),
          duplicates);
    } else {
      log.debug("Embedded store map {}: {} entries re-sorted", map.getName(), entries.size());
    }
  }
}
