package org.courseport.server.storage.mongo.lesson;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.bson.Document;
import org.courseport.server.domain.lesson.ContentReferences;

/**
 * {@link ContentReferences} over the collections {@code media} and {@code widgets} (owned by the
 * media feature): a reference exists when a document with {@code _id} = the lower-case UUID and the
 * tenant's {@code tenantId} does.
 */
public final class MongoContentReferences implements ContentReferences {
  static final String MEDIA = "media";
  static final String WIDGETS = "widgets";

  private final MongoCollection<Document> media;
  private final MongoCollection<Document> widgets;

  public MongoContentReferences(MongoDatabase database) {
    this.media = database.getCollection(MEDIA);
    this.widgets = database.getCollection(WIDGETS);
  }

  @Override
  public Set<UUID> missingMedia(String tenantId, Set<UUID> ids) {
    return missing(media, tenantId, ids);
  }

  @Override
  public Set<UUID> missingWidgets(String tenantId, Set<UUID> ids) {
    return missing(widgets, tenantId, ids);
  }

  private static Set<UUID> missing(
      MongoCollection<Document> collection, String tenantId, Set<UUID> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    List<String> wanted = ids.stream().map(UUID::toString).toList();
    Set<String> found = new HashSet<>();
    collection
        .find(and(in("_id", wanted), eq("tenantId", tenantId)))
        .projection(Projections.include("_id"))
        .forEach(doc -> found.add(doc.getString("_id")));
    Set<UUID> missing = new TreeSet<>();
    for (UUID id : ids) {
      if (!found.contains(id.toString())) {
        missing.add(id);
      }
    }
    return missing;
  }
}
