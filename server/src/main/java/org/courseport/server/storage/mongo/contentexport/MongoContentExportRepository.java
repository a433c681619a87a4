package org.courseport.server.storage.mongo.contentexport;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;
import static org.courseport.server.storage.mongo.support.DocumentValues.intValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.longValue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.contentexport.ContentExport;
import org.courseport.server.domain.contentexport.ContentExport.State;
import org.courseport.server.domain.contentexport.ContentExportRepository;
import org.courseport.server.domain.contentexport.ContextType;
import org.courseport.server.domain.contentexport.ExportType;

/**
 * Content export jobs in the {@code contentExports} collection, keyed by {@code {tenant}:{id}}; ids
 * come from the tenant's {@code contentExport} sequence. A claim is one {@code findOneAndUpdate} on
 * a CREATED job or an EXPORTING one whose lease has ended; every later write of the worker is
 * conditional on its lease.
 */
public final class MongoContentExportRepository implements ContentExportRepository {
  public static final String COLLECTION = "contentExports";
  private static final String TENANT = "tenantId";
  private static final String ID = "id";
  private static final String STATE = "state";
  private static final String CONTEXT_TYPE = "contextType";
  private static final String CONTEXT_ID = "contextId";
  private static final String COMPLETION = "completion";
  private static final String LEASE_OWNER = "leaseOwner";
  private static final String LEASE_UNTIL = "leaseUntil";
  private static final String UPDATED = "updated";
  private static final String CREATED = "created";
  private static final String TOKEN_HASH = "tokenHash";

  private final MongoCollection<Document> exports;
  private final MongoSequences sequences;

  public MongoContentExportRepository(MongoDatabase database) {
    this.exports = database.getCollection(COLLECTION);
    this.sequences = new MongoSequences(database);
    exports.createIndex(Indexes.ascending(TENANT, CONTEXT_TYPE, CONTEXT_ID, ID));
    exports.createIndex(Indexes.ascending(STATE, CREATED));
    exports.createIndex(Indexes.ascending(TOKEN_HASH));
  }

  private static String key(String tenantId, int id) {
    return tenantId + ":" + id;
  }

  @Override
  public int nextId(String tenantId) {
    return sequences.next(tenantId, "contentExport");
  }

  @Override
  public void insert(ContentExport e) {
    exports.insertOne(
        new Document("_id", key(e.tenantId(), e.id()))
            .append(TENANT, e.tenantId())
            .append(ID, e.id())
            .append(CONTEXT_TYPE, e.contextType().name())
            .append(CONTEXT_ID, e.contextId())
            .append("exportType", e.exportType().name())
            .append("ccVersion", e.ccVersion())
            .append("userId", e.userId())
            .append(STATE, e.state().name())
            .append(COMPLETION, e.completion())
            .append(CREATED, date(e.created()))
            .append(UPDATED, date(e.updated())));
  }

  @Override
  public Optional<ContentExport> find(String tenantId, int id) {
    return Optional.ofNullable(
            exports.find(and(eq("_id", key(tenantId, id)), eq(TENANT, tenantId))).first())
        .map(MongoContentExportRepository::fromDocument);
  }

  private static Bson context(String tenantId, ContextType type, String contextId) {
    return and(eq(TENANT, tenantId), eq(CONTEXT_TYPE, type.name()), eq(CONTEXT_ID, contextId));
  }

  @Override
  public List<ContentExport> list(
      String tenantId, ContextType type, String contextId, int offset, int limit) {
    List<ContentExport> out = new ArrayList<>();
    exports
        .find(context(tenantId, type, contextId))
        .sort(Sorts.descending(ID))
        .skip(offset)
        .limit(limit)
        .forEach(d -> out.add(fromDocument(d)));
    return out;
  }

  @Override
  public long count(String tenantId, ContextType type, String contextId) {
    return exports.countDocuments(context(tenantId, type, contextId));
  }

  @Override
  public Optional<ContentExport> claim(String workerId, Instant now, Instant leaseUntil) {
    Bson claimable =
        or(
            eq(STATE, State.CREATED.name()),
            and(eq(STATE, State.EXPORTING.name()), lt(LEASE_UNTIL, date(now))));
    Bson claim =
        Updates.combine(
            Updates.set(STATE, State.EXPORTING.name()),
            Updates.set(LEASE_OWNER, workerId),
            Updates.set(LEASE_UNTIL, date(leaseUntil)),
            Updates.set(UPDATED, date(now)));
    // BEFORE, with the claim applied here (as the import jobs do): an AFTER document could carry
    // a concurrent change.
    FindOneAndUpdateOptions options =
        new FindOneAndUpdateOptions()
            .sort(Sorts.ascending(CREATED, "_id"))
            .returnDocument(ReturnDocument.BEFORE);
    return Optional.ofNullable(exports.findOneAndUpdate(claimable, claim, options))
        .map(
            before ->
                fromDocument(
                    before
                        .append(STATE, State.EXPORTING.name())
                        .append(LEASE_OWNER, workerId)
                        .append(UPDATED, date(now))));
  }

  private static Bson held(String tenantId, int id, String workerId) {
    return and(
        eq("_id", key(tenantId, id)), eq(STATE, State.EXPORTING.name()), eq(LEASE_OWNER, workerId));
  }

  @Override
  public boolean renew(String tenantId, int id, String workerId, Instant leaseUntil, Instant now) {
    return exports
            .updateOne(held(tenantId, id, workerId), Updates.set(LEASE_UNTIL, date(leaseUntil)))
            .getModifiedCount()
        == 1;
  }

  @Override
  public boolean progress(String tenantId, int id, String workerId, int completion, Instant now) {
    return exports
            .updateOne(
                held(tenantId, id, workerId),
                Updates.combine(
                    Updates.set(COMPLETION, completion), Updates.set(UPDATED, date(now))))
            .getModifiedCount()
        == 1;
  }

  @Override
  public boolean complete(
      String tenantId,
      int id,
      String workerId,
      ContentExport.Package pkg,
      String tokenSalt,
      String tokenHash,
      Instant now) {
    return exports
            .updateOne(
                held(tenantId, id, workerId),
                Updates.combine(
                    Updates.set(STATE, State.EXPORTED.name()),
                    Updates.set(COMPLETION, 100),
                    Updates.set("fileName", pkg.fileName()),
                    Updates.set("blobId", pkg.blobId()),
                    Updates.set("sha256", pkg.sha256()),
                    Updates.set("size", pkg.size()),
                    Updates.set("tokenSalt", tokenSalt),
                    Updates.set(TOKEN_HASH, tokenHash),
                    Updates.unset(LEASE_UNTIL),
                    Updates.set(UPDATED, date(now))))
            .getModifiedCount()
        == 1;
  }

  @Override
  public boolean fail(String tenantId, int id, String workerId, String message, Instant now) {
    return exports
            .updateOne(
                held(tenantId, id, workerId),
                Updates.combine(
                    Updates.set(STATE, State.FAILED.name()),
                    Updates.set("message", message),
                    Updates.unset(LEASE_UNTIL),
                    Updates.set(UPDATED, date(now))))
            .getModifiedCount()
        == 1;
  }

  @Override
  public Optional<ContentExport> findByTokenHash(String tokenHash) {
    return Optional.ofNullable(
            exports.find(and(eq(TOKEN_HASH, tokenHash), eq(STATE, State.EXPORTED.name()))).first())
        .map(MongoContentExportRepository::fromDocument);
  }

  private static ContentExport fromDocument(Document d) {
    return new ContentExport(
        d.getString(TENANT),
        intValue(d, ID),
        ContextType.valueOf(d.getString(CONTEXT_TYPE)),
        d.getString(CONTEXT_ID),
        ExportType.valueOf(d.getString("exportType")),
        d.getString("ccVersion"),
        intValue(d, "userId"),
        State.valueOf(d.getString(STATE)),
        intValue(d, COMPLETION),
        d.getString("message"),
        d.getString("fileName"),
        d.getString("blobId"),
        d.getString("sha256"),
        d.get("size") == null ? 0 : longValue(d, "size"),
        d.getString("tokenSalt"),
        instant(d, CREATED),
        instant(d, UPDATED));
  }

  /** Whether a content export's package is this blob: it must outlive every collection path. */
  public boolean isBlobReferenced(String blobId) {
    return exports.find(com.mongodb.client.model.Filters.eq("blobId", blobId)).first() != null;
  }
}
