package org.courseport.server.storage.mongo.media;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.media.Attribution;
import org.courseport.server.domain.media.MediaItem;
import org.courseport.server.domain.media.MediaRepository;
import org.courseport.server.storage.mongo.support.DocumentValues;

/**
 * {@link MediaRepository} on MongoDB, collection {@code media}: {@code _id} (the lower-case UUID),
 * {@code tenantId}, {@code mimeType}, {@code ext}, {@code sizeBytes}, {@code sha256}, {@code
 * filename}, {@code external} {@code {url}}, {@code attribution} {@code {text, url, portfolioUrl}},
 * {@code createdAt}. Absent values are absent fields.
 */
public final class MongoMediaRepository implements MediaRepository {
  public static final String COLLECTION = "media";

  private final MongoCollection<Document> collection;

  public MongoMediaRepository(MongoDatabase database) {
    this.collection = database.getCollection(COLLECTION);
    collection.createIndex(Indexes.ascending("tenantId", "createdAt"));
    collection.createIndex(Indexes.ascending("sha256"));
  }

  @Override
  public void insert(MediaItem item) {
    Document doc = new Document("_id", item.id().toString()).append("tenantId", item.tenantId());
    putIfPresent(doc, "mimeType", item.mimeType());
    putIfPresent(doc, "sizeBytes", item.sizeBytes());
    putIfPresent(doc, "sha256", item.sha256());
    putIfPresent(doc, "ext", item.ext());
    putIfPresent(doc, "filename", item.filename());
    if (item.externalUrl() != null) {
      doc.append("external", new Document("url", item.externalUrl()));
    }
    Document attribution = attribution(item.attribution());
    if (attribution != null) {
      doc.append("attribution", attribution);
    }
    doc.append("createdAt", DocumentValues.date(item.createdAt()));
    collection.insertOne(doc);
  }

  @Override
  public Optional<MediaItem> find(String tenantId, UUID id) {
    // By _id alone, the owner checked here: a lookup the _id index answers in the embedded store
    // too (it scans every document for an $and); an export looks up each of a course's media.
    return Optional.ofNullable(collection.find(eq("_id", id.toString())).first())
        .filter(doc -> tenantId.equals(doc.getString("tenantId")))
        .map(MongoMediaRepository::fromDocument);
  }

  @Override
  public List<MediaItem> list(String tenantId, int offset, int limit) {
    List<MediaItem> out = new ArrayList<>();
    collection
        .find(eq("tenantId", tenantId))
        .sort(Sorts.ascending("createdAt", "_id"))
        .skip(offset)
        .limit(limit)
        .forEach(doc -> out.add(fromDocument(doc)));
    return out;
  }

  @Override
  public boolean delete(String tenantId, UUID id) {
    return collection.deleteOne(owned(tenantId, id)).getDeletedCount() == 1;
  }

  @Override
  public boolean anyWithSha256(String sha256) {
    return collection.find(eq("sha256", sha256)).limit(1).first() != null;
  }

  private static Bson owned(String tenantId, UUID id) {
    return and(eq("_id", id.toString()), eq("tenantId", tenantId));
  }

  static void putIfPresent(Document doc, String key, Object value) {
    if (value != null) {
      doc.append(key, value);
    }
  }

  private static Document attribution(Attribution a) {
    if (a == null) {
      return null;
    }
    Document doc = new Document();
    putIfPresent(doc, "text", a.text());
    putIfPresent(doc, "url", a.url());
    putIfPresent(doc, "portfolioUrl", a.portfolioUrl());
    return doc.isEmpty() ? null : doc;
  }

  private static MediaItem fromDocument(Document doc) {
    Document external = doc.get("external", Document.class);
    Document a = doc.get("attribution", Document.class);
    Number size = doc.get("sizeBytes", Number.class);
    return new MediaItem(
        UUID.fromString(doc.getString("_id")),
        doc.getString("tenantId"),
        doc.getString("mimeType"),
        doc.getString("ext"),
        size == null ? null : size.longValue(),
        doc.getString("sha256"),
        doc.getString("filename"),
        external == null ? null : external.getString("url"),
        a == null
            ? null
            : new Attribution(a.getString("text"), a.getString("url"), a.getString("portfolioUrl")),
        DocumentValues.instant(doc, "createdAt"));
  }
}
