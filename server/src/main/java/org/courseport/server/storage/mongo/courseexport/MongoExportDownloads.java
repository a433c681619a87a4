package org.courseport.server.storage.mongo.courseexport;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;
import static org.courseport.server.storage.mongo.support.DocumentValues.longValue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import org.courseport.server.domain.courseexport.ExportDownload;
import org.courseport.server.domain.courseexport.ExportDownloadRepository;

/**
 * {@link ExportDownloadRepository} in the {@code courseExportDownloads} collection, one document
 * per export ({@code _id} = export id), found by the unique {@code tokenHash}. Revocation is one
 * conditional update that sets {@code revokedAt} once.
 */
public final class MongoExportDownloads implements ExportDownloadRepository {
  /** The collection. */
  public static final String COLLECTION = "courseExportDownloads";

  private final MongoCollection<Document> downloads;

  public MongoExportDownloads(MongoDatabase database) {
    this.downloads = database.getCollection(COLLECTION);
    downloads.createIndex(
        Indexes.ascending("tokenHash"), new IndexOptions().unique(true).name("tokenHash_unique"));
    downloads.createIndex(Indexes.ascending("blobId"), new IndexOptions().name("blobId"));
    downloads.createIndex(
        Indexes.compoundIndex(Indexes.ascending("course"), Indexes.descending("created")),
        new IndexOptions().name("course_created"));
  }

  @Override
  public void insert(ExportDownload d) {
    downloads.insertOne(
        new Document("_id", d.exportId())
            .append("exportId", d.exportId())
            .append("tenant", d.tenantId())
            .append("course", d.courseId())
            .append("title", d.title())
            .append("format", d.format())
            .append("blobId", d.blobId())
            .append("fileName", d.fileName())
            .append("size", d.size())
            .append("sha256", d.sha256())
            .append("tokenHash", d.tokenHash())
            .append("created", date(d.created()))
            .append("revokedAt", d.revokedAt() == null ? null : date(d.revokedAt())));
  }

  @Override
  public Optional<ExportDownload> findActive(String tokenHash) {
    return Optional.ofNullable(
            downloads.find(and(eq("tokenHash", tokenHash), eq("revokedAt", null))).first())
        .map(MongoExportDownloads::download);
  }

  @Override
  public Optional<ExportDownload> revoke(
      String tenantId, String courseId, String exportId, Instant at) {
    Document revoked =
        downloads.findOneAndUpdate(
            and(
                eq("_id", exportId),
                eq("tenant", tenantId),
                eq("course", courseId),
                eq("revokedAt", null)),
            Updates.set("revokedAt", date(at)),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    if (revoked == null) {
      // Revoked before (answer the first revocation), or no such export of this tenant.
      revoked =
          downloads
              .find(and(eq("_id", exportId), eq("tenant", tenantId), eq("course", courseId)))
              .first();
    }
    return Optional.ofNullable(revoked).map(MongoExportDownloads::download);
  }

  @Override
  public long revokeAllOfCourse(String tenantId, String courseId, Instant at) {
    return downloads
        .updateMany(
            and(eq("tenant", tenantId), eq("course", courseId), eq("revokedAt", null)),
            Updates.set("revokedAt", date(at)))
        .getModifiedCount();
  }

  @Override
  public boolean isBlobReferenced(String blobId) {
    return downloads.find(and(eq("blobId", blobId), eq("revokedAt", null))).first() != null;
  }

  @Override
  public Optional<ExportDownload> newestOfCourse(String courseId) {
    return Optional.ofNullable(
            downloads.find(eq("course", courseId)).sort(Sorts.descending("created")).first())
        .map(MongoExportDownloads::download);
  }

  private static ExportDownload download(Document d) {
    return new ExportDownload(
        d.getString("exportId"),
        d.getString("tenant"),
        d.getString("course"),
        d.getString("title"),
        d.getString("format"),
        d.getString("blobId"),
        d.getString("fileName"),
        longValue(d, "size"),
        d.getString("sha256"),
        d.getString("tokenHash"),
        instant(d, "created"),
        d.get("revokedAt") == null ? null : instant(d, "revokedAt"));
  }
}
