package org.courseport.server.storage.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded store's document maps (keyed by {@code _id}) and unique-index maps
 * (keyed by the index's {@link KeyValue}): H2's {@link ObjectDataType}, which it extends, with one
 * change. The stored form is the same byte for byte, so store files move freely between versions.
 *
 * <p>The change: {@code ObjectDataType} orders objects it has no type for, such as
 * mongo-java-server's {@code Document} and {@code KeyValue}, by comparing their Java serialization.
 * Two equal documents do not always serialize alike: a {@code LinkedHashMap} writes its capacity,
 * which depends on how the map was filled ({@code put} one by one, {@code putAll}, a clone, or read
 * back from the file). A key with a document in it ({@code _id: {tenantId, packageId}}) then missed
 * its own entry once the store had written a page and read it back: an update found no document and
 * failed with a duplicate key, or wrote a second copy of the document beside the first (lost writes
 * under load; {@code EmbeddedDocumentIdTest}). This type compares canonical copies instead, with
 * every document, list and set rebuilt the same way, so that equal keys compare equal however they
 * were built. Keys without such values (strings, object ids, numbers) compare as before.
 */
final class CanonicalKeyType extends ObjectDataType {

  @Override
  public int compare(Object a, Object b) {
    if (a == b) {
      return 0;
    }
    return super.compare(canonical(a), canonical(b));
  }

  /** Whether {@code key} holds a value whose serialized form depends on how it was built. */
  static boolean needsCanonicalForm(Object key) {
    if (key instanceof KeyValue kv) {
      for (Object v : kv) {
        if (needsCanonicalForm(v)) {
          return true;
        }
      }
      return false;
    }
    return key instanceof Map<?, ?> || key instanceof Collection<?>;
  }

  /**
   * {@code value} with every document, list and set inside it rebuilt one entry at a time into a
   * new {@code Document}, {@code ArrayList} or {@code LinkedHashSet}; any other value as it is.
   */
  static Object canonical(Object value) {
    if (value instanceof KeyValue kv) {
      if (!needsCanonicalForm(kv)) {
        return kv;
      }
      List<Object> values = new ArrayList<>(kv.size());
      for (Object v : kv) {
        values.add(canonical(v));
      }
      return new KeyValue(values);
    }
    if (value instanceof Map<?, ?> map) {
      Document copy = new Document();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        copy.put(String.valueOf(e.getKey()), canonical(e.getValue()));
      }
      return copy;
    }
    if (value instanceof Set<?> set) {
      Set<Object> copy = new LinkedHashSet<>();
      for (Object v : set) {
        copy.add(canonical(v));
      }
      return copy;
    }
    if (value instanceof Collection<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object v : list) {
        copy.add(canonical(v));
      }
      return copy;
    }
    return value;
  }
}
