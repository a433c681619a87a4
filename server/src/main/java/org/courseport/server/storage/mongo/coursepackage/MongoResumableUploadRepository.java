package org.courseport.server.storage.mongo.coursepackage;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
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
  private static final String LEASE_HOLDER = "leaseHolder";
  private static final String LEASE_UNTIL = "leaseUntil";

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

  @Override
  public boolean takeLease(String uploadId, String holder, Instant now, Instant until) {
    return progress
            .updateOne(
                and(
                    eq("_id", uploadId),
                    or(
                        exists(LEASE_HOLDER, false),
                        eq(LEASE_HOLDER, holder),
                        lte(LEASE_UNTIL, Date.from(now)))),
                Updates.combine(
                    Updates.set(LEASE_HOLDER, holder), Updates.set(LEASE_UNTIL, Date.from(until))))
            .getMatchedCount()
        == 1;
  }

  @Override
  public Optional<Lease> lease(String uploadId) {
    return Optional.ofNullable(progress.find(eq("_id", uploadId)).first())
        .filter(d -> d.getString(LEASE_HOLDER) != null && d.getDate(LEASE_UNTIL) != null)
        .map(d -> new Lease(d.getString(LEASE_HOLDER), d.getDate(LEASE_UNTIL).toInstant()));
  }

  @Override
  public void releaseLease(String uploadId, String holder) {
    progress.updateOne(
        and(eq("_id", uploadId), eq(LEASE_HOLDER, holder)),
        Updates.combine(Updates.unset(LEASE_HOLDER), Updates.unset(LEASE_UNTIL)));
  }
}
