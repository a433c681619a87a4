package org.courseport.server.storage.mongo.lessonexport;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.Binary;
import org.courseport.server.domain.lessonexport.ExportCache;
import org.courseport.server.storage.mongo.support.DocumentValues;

/**
 * {@link ExportCache} on collection {@value #COLLECTION}: one document per cached export body,
 * {@code _id} the content key. Saving replaces by id (upsert), so concurrent builds of the same
 * body, which write identical documents, are harmless.
 */
public final class MongoExportCache implements ExportCache {
  /** The collection of cached lesson export bodies. */
  public static final String COLLECTION = "lessonExports";

  private final MongoCollection<Document> exports;

  public MongoExportCache(MongoDatabase database) {
    this.exports = database.getCollection(COLLECTION);
  }

  @Override
  public Optional<CachedExport> find(String key) {
    Document d = exports.find(Filters.eq("_id", key)).first();
    return d == null ? Optional.empty() : Optional.of(fromDocument(d));
  }

  @Override
  public void save(CachedExport export) {
    exports.replaceOne(
        Filters.eq("_id", export.key()), toDocument(export), new ReplaceOptions().upsert(true));
  }

  private static Document toDocument(CachedExport e) {
    List<Document> entries = new ArrayList<>();
    for (CachedEntry entry : e.entries()) {
      entries.add(
          new Document("path", entry.path())
              .append("offset", entry.offset())
              .append("method", entry.method())
              .append("compressedSize", entry.compressedSize())
              .append("size", entry.size())
              .append("sha256", entry.sha256())
              .append("mimeType", entry.mimeType()));
    }
    return new Document("_id", e.key())
        .append("root", e.root())
        .append("bodyBlobId", e.bodyBlobId())
        .append("bodyLength", e.bodyLength())
        .append("centralDirectory", new Binary(e.centralDirectory()))
        .append("entryCount", e.entryCount())
        .append("manifest", e.manifestJson())
        .append("hasFailures", e.hasFailures())
        .append("entries", entries)
        .append("createdAt", new Date());
  }

  private static CachedExport fromDocument(Document d) {
    List<CachedEntry> entries = new ArrayList<>();
    for (Document entry : d.getList("entries", Document.class, List.of())) {
      entries.add(
          new CachedEntry(
              entry.getString("path"),
              DocumentValues.longValue(entry, "offset"),
              DocumentValues.intValue(entry, "method"),
              DocumentValues.longValue(entry, "compressedSize"),
              DocumentValues.longValue(entry, "size"),
              entry.getString("sha256"),
              entry.getString("mimeType")));
    }
    return new CachedExport(
        d.getString("_id"),
        d.getString("root"),
        d.getString("bodyBlobId"),
        DocumentValues.longValue(d, "bodyLength"),
        d.get("centralDirectory", Binary.class).getData(),
        DocumentValues.intValue(d, "entryCount"),
        d.getString("manifest"),
        Boolean.TRUE.equals(d.getBoolean("hasFailures")),
        entries);
  }
}
