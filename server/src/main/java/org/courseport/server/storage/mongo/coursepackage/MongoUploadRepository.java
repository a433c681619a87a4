package org.courseport.server.storage.mongo.coursepackage;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.coursepackage.UploadRepository;
import org.courseport.server.domain.coursepackage.UploadSlot;

/** {@link UploadRepository} on collection {@code packageUploads}, keyed by the upload id. */
public final class MongoUploadRepository implements UploadRepository {
  static final String COLLECTION = "packageUploads";
  private static final String STATE = "state";
  private static final String HOLDER = "claimHolder";
  private static final String CLAIMED_AT = "claimRenewedAt";

  private final MongoCollection<Document> uploads;

  public MongoUploadRepository(MongoDatabase database) {
    this.uploads = database.getCollection(COLLECTION);
    uploads.createIndex(Indexes.ascending("blobId"));
  }

  @Override
  public void insert(UploadSlot slot) {
    uploads.insertOne(
        new Document("_id", slot.uploadId())
            .append("tenantId", slot.tenantId())
            .append("tenantUuid", slot.tenantUuid())
            .append("uploadedBy", slot.uploadedBy())
            .append("fileName", slot.fileName())
            .append("declaredSize", slot.declaredSize())
            .append("expires", Date.from(slot.expires()))
            .append(STATE, slot.state().name())
            .append("blobId", slot.blobId())
            .append("created", Date.from(slot.created())));
  }

  @Override
  public Optional<UploadSlot> find(String uploadId) {
    return Optional.ofNullable(uploads.find(eq("_id", uploadId)).first())
        .map(MongoUploadRepository::slot);
  }

  @Override
  public boolean claim(String uploadId) {
    return move(uploadId, UploadSlot.State.MINTED, UploadSlot.State.RECEIVING, null);
  }

  @Override
  public void release(String uploadId) {
    move(uploadId, UploadSlot.State.RECEIVING, UploadSlot.State.MINTED, null);
  }

  @Override
  public boolean complete(String uploadId, String blobId) {
    return move(uploadId, UploadSlot.State.RECEIVING, UploadSlot.State.STORED, blobId);
  }

  @Override
  public boolean claim(String uploadId, String holder, Instant now) {
    return uploads
            .updateOne(
                and(eq("_id", uploadId), eq(STATE, UploadSlot.State.MINTED.name())),
                Updates.combine(
                    Updates.set(STATE, UploadSlot.State.RECEIVING.name()),
                    Updates.set(HOLDER, holder),
                    Updates.set(CLAIMED_AT, Date.from(now))))
            .getModifiedCount()
        == 1;
  }

  @Override
  public boolean renew(String uploadId, String holder, Instant now) {
    return uploads
            .updateOne(held(uploadId, holder), Updates.set(CLAIMED_AT, Date.from(now)))
            .getMatchedCount()
        == 1;
  }

  @Override
  public boolean releaseStale(String uploadId, Instant staleBefore) {
    return uploads
            .updateOne(
                and(
                    eq("_id", uploadId),
                    eq(STATE, UploadSlot.State.RECEIVING.name()),
                    ne(HOLDER, null),
                    lt(CLAIMED_AT, Date.from(staleBefore))),
                unclaim())
            .getModifiedCount()
        == 1;
  }

  @Override
  public void release(String uploadId, String holder) {
    uploads.updateOne(held(uploadId, holder), unclaim());
  }

  @Override
  public boolean complete(String uploadId, String holder, String blobId) {
    return uploads
            .updateOne(
                held(uploadId, holder),
                Updates.combine(
                    Updates.set(STATE, UploadSlot.State.STORED.name()),
                    Updates.set("blobId", blobId),
                    Updates.unset(HOLDER),
                    Updates.unset(CLAIMED_AT)))
            .getModifiedCount()
        == 1;
  }

  private static Bson held(String uploadId, String holder) {
    return and(
        eq("_id", uploadId), eq(STATE, UploadSlot.State.RECEIVING.name()), eq(HOLDER, holder));
  }

  private static Bson unclaim() {
    return Updates.combine(
        Updates.set(STATE, UploadSlot.State.MINTED.name()),
        Updates.unset(HOLDER),
        Updates.unset(CLAIMED_AT));
  }

  @Override
  public java.util.List<UploadSlot> expiredBefore(java.time.Instant cutoff, int limit) {
    java.util.List<UploadSlot> out = new java.util.ArrayList<>();
    uploads
        .find(com.mongodb.client.model.Filters.lt("expires", Date.from(cutoff)))
        .limit(limit)
        .forEach(d -> out.add(slot(d)));
    return out;
  }

  @Override
  public boolean delete(String uploadId, UploadSlot.State state) {
    return uploads.deleteOne(and(eq("_id", uploadId), eq(STATE, state.name()))).getDeletedCount()
        == 1;
  }

  @Override
  public boolean isBlobReferenced(String blobId) {
    return uploads.find(eq("blobId", blobId)).first() != null;
  }

  private boolean move(String uploadId, UploadSlot.State from, UploadSlot.State to, String blob) {
    var update =
        blob == null
            ? Updates.set(STATE, to.name())
            : Updates.combine(Updates.set(STATE, to.name()), Updates.set("blobId", blob));
    return uploads
            .updateOne(and(eq("_id", uploadId), eq(STATE, from.name())), update)
            .getModifiedCount()
        == 1;
  }

  private static UploadSlot slot(Document d) {
    return new UploadSlot(
        d.getString("_id"),
        d.getString("tenantId"),
        d.getString("tenantUuid"),
        d.getString("uploadedBy"),
        d.getString("fileName"),
        ((Number) d.get("declaredSize")).longValue(),
        d.getDate("expires").toInstant(),
        UploadSlot.State.valueOf(d.getString(STATE)),
        d.getString("blobId"),
        d.getDate("created").toInstant());
  }
}
