package org.courseport.server.storage.mongo.coursepackage;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import java.util.Optional;
import org.bson.Document;
import org.courseport.server.domain.coursepackage.ResumableUploadRepository;

/**
 * {@link ResumableUploadRepository} on collection {@code packageResumableUploads}, keyed by the
 * upload id (the slot itself is in {@code packageUploads}).
 */
public final class MongoResumableUploadRepository implements ResumableUploadRepository {
  static final String COLLECTION = "packageResumableUploads";
  private static final String COMMITTED = "committedBytes";

  private final MongoCollection<Document> progress;

  public MongoResumableUploadRepository(MongoDatabase database) {
    this.progress = database.getCollection(COLLECTION);
  }

  @Override
  public void insert(Progress p) {
    progress.insertOne(
        new Document("_id", p.uploadId())
            .append("sha256", p.sha256())
            .append(COMMITTED, p.committedBytes()));
  }

  @Override
  public Optional<Progress> find(String uploadId) {
    return Optional.ofNullable(progress.find(eq("_id", uploadId)).first())
        .map(
            d ->
                new Progress(
                    d.getString("_id"),
                    d.getString("sha256"),
                    ((Number) d.get(COMMITTED)).longValue()));
  }

  @Override
  public boolean advance(String uploadId, long from, long to) {
    return progress
            .updateOne(and(eq("_id", uploadId), eq(COMMITTED, from)), Updates.set(COMMITTED, to))
            .getModifiedCount()
        == 1;
  }
}
