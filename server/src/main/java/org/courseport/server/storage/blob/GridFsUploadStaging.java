package org.courseport.server.storage.blob;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bson.BsonObjectId;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.courseport.server.domain.coursepackage.UploadStaging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UploadStaging} in the GridFS bucket {@code uploadParts} of the shared database, so that
 * every replica reaches the parts of multipart uploads and the bytes of resumable uploads.
 *
 * <p>Each part PUT and each run of a resumable stream is one GridFS file ({@code
 * uploadParts.files}, metadata {@code uploadId}, {@code kind} = {@code part} with {@code part}, or
 * {@code segment} with {@code offset}); its bytes go to {@code uploadParts.chunks} 255 KiB at a
 * time as they arrive (one chunk in memory), and the file document is inserted only when the upload
 * stream closes, so a PUT killed midway leaves chunks no reader sees. Which file is a part is
 * recorded in {@code uploadPartRefs} ({@code _id} = {@code <upload id>/<part number>}, {@code
 * fileId}, {@code etag}, {@code size}), replaced in one operation by each PUT that finishes (the
 * last wins) and whose replaced file is then removed. Which segments hold the resumable upload's
 * bytes follows from the bytes its progress records ({@link
 * org.courseport.server.domain.coursepackage.ResumableUploads}).
 */
public final class GridFsUploadStaging implements UploadStaging {
  private static final Logger log = LoggerFactory.getLogger(GridFsUploadStaging.class);

  /** The GridFS bucket: {@code uploadParts.files} and {@code uploadParts.chunks}. */
  public static final String BUCKET = "uploadParts";

  /** The part records: which file is part n of an upload. */
  public static final String REFS = "uploadPartRefs";

  private static final String PART = "part";
  private static final String SEGMENT = "segment";

  private final GridFSBucket bucket;
  private final MongoCollection<Document> files;
  private final MongoCollection<Document> chunks;
  private final MongoCollection<Document> refs;
  private final Clock clock;

  public GridFsUploadStaging(MongoDatabase database, Clock clock) {
    this.bucket =
        GridFSBuckets.create(database, BUCKET).withChunkSizeBytes(GridFsBlobStore.CHUNK_SIZE);
    this.files = database.getCollection(BUCKET + ".files");
    this.chunks = database.getCollection(BUCKET + ".chunks");
    this.refs = database.getCollection(REFS);
    this.clock = clock;
    files.createIndex(Indexes.ascending("filename", "uploadDate"));
    files.createIndex(Indexes.ascending("metadata.uploadId"));
    chunks.createIndex(Indexes.ascending("files_id", "n"), new IndexOptions().unique(true));
    refs.createIndex(Indexes.ascending("uploadId"));
    refs.createIndex(Indexes.ascending("fileId"));
  }

  @Override
  public PartSink newPart(String uploadId, int partNumber) {
    Document metadata =
        new Document("uploadId", uploadId).append("kind", PART).append("part", partNumber);
    Upload upload = new Upload(uploadId + "/" + partNumber, metadata);
    return new PartSink() {
      @Override
      public OutputStream stream() {
        return upload.stream;
      }

      @Override
      public void publish(String etag, long size) throws IOException {
        upload.finish();
        Document ref =
            new Document("_id", uploadId + "/" + partNumber)
                .append("uploadId", uploadId)
                .append("part", partNumber)
                .append("fileId", upload.fileId)
                .append("etag", etag)
                .append("size", size);
        Document replaced;
        try {
          replaced =
              refs.findOneAndReplace(
                  Filters.eq("_id", ref.getString("_id")),
                  ref,
                  new FindOneAndReplaceOptions()
                      .upsert(true)
                      .returnDocument(ReturnDocument.BEFORE));
        } catch (MongoException e) {
          removeFile(upload.fileId);
          throw new IOException("cannot record part " + partNumber + " of " + uploadId, e);
        }
        if (replaced != null) {
          removeFile(replaced.getObjectId("fileId"));
        }
      }

      @Override
      public void close() {
        upload.discard();
      }
    };
  }

  @Override
  public Optional<StagedPart> part(String uploadId, int partNumber) {
    Document ref = refs.find(Filters.eq("_id", uploadId + "/" + partNumber)).first();
    if (ref == null) {
      return Optional.empty();
    }
    return Optional.of(
        new StagedPart(
            partNumber,
            ref.getString("etag"),
            ((Number) ref.get("size")).longValue(),
            ref.getObjectId("fileId").toHexString()));
  }

  @Override
  public InputStream open(String ref) throws IOException {
    try {
      return bucket.openDownloadStream(new ObjectId(ref)).batchSize(4);
    } catch (MongoException | IllegalArgumentException e) {
      throw new IOException("cannot read staged upload bytes " + ref + " from GridFS", e);
    }
  }

  @Override
  public SegmentSink newSegment(String uploadId, long offset) {
    Document metadata =
        new Document("uploadId", uploadId).append("kind", SEGMENT).append("offset", offset);
    Upload upload = new Upload(uploadId + "@" + offset, metadata);
    return new SegmentSink() {
      @Override
      public OutputStream stream() {
        return upload.stream;
      }

      @Override
      public Segment seal() throws IOException {
        upload.finish();
        return new Segment(offset, upload.size, upload.fileId.toHexString());
      }

      @Override
      public void close() {
        upload.discard();
      }
    };
  }

  @Override
  public List<Segment> segments(String uploadId) {
    List<Segment> segments = new ArrayList<>();
    files
        .find(
            Filters.and(
                Filters.eq("metadata.uploadId", uploadId), Filters.eq("metadata.kind", SEGMENT)))
        .sort(Sorts.ascending("metadata.offset"))
        .forEach(
            d ->
                segments.add(
                    new Segment(
                        ((Number) d.get("metadata", Document.class).get("offset")).longValue(),
                        ((Number) d.get("length")).longValue(),
                        d.getObjectId("_id").toHexString())));
    return segments;
  }

  @Override
  public void dropSegmentsFrom(String uploadId, long offset) {
    List<ObjectId> gone = new ArrayList<>();
    files
        .find(
            Filters.and(
                Filters.eq("metadata.uploadId", uploadId),
                Filters.eq("metadata.kind", SEGMENT),
                Filters.gte("metadata.offset", offset)))
        .projection(new Document("_id", 1))
        .forEach(d -> gone.add(d.getObjectId("_id")));
    gone.forEach(this::removeFile);
  }

  @Override
  public Set<String> uploadIds() {
    Set<String> ids = new TreeSet<>();
    refs.distinct("uploadId", String.class).into(ids);
    files.distinct("metadata.uploadId", String.class).into(ids);
    return ids;
  }

  @Override
  public void deleteUpload(String uploadId) {
    refs.deleteMany(Filters.eq("uploadId", uploadId));
    List<ObjectId> gone = new ArrayList<>();
    files
        .find(Filters.eq("metadata.uploadId", uploadId))
        .projection(new Document("_id", 1))
        .forEach(d -> gone.add(d.getObjectId("_id")));
    gone.forEach(this::removeFile);
  }

  @Override
  public int sweepOrphans(Duration olderThan) {
    Instant cutoff = clock.instant().minus(olderThan);
    int removed = 0;
    // Parts no record names: replaced ones whose removal failed, or a PUT that died between its
    // last chunk and its record.
    List<ObjectId> unlisted = new ArrayList<>();
    files
        .find(
            Filters.and(
                Filters.eq("metadata.kind", PART), Filters.lt("uploadDate", Date.from(cutoff))))
        .projection(new Document("_id", 1))
        .forEach(d -> unlisted.add(d.getObjectId("_id")));
    for (ObjectId id : unlisted) {
      if (refs.find(Filters.eq("fileId", id)).first() == null) {
        removeFile(id);
        removed++;
      }
    }
    // Chunks of a file never completed: a PUT or a stream killed midway.
    List<ObjectId> owners = new ArrayList<>();
    chunks
        .distinct(
            "files_id", Filters.lt("files_id", new ObjectId(Date.from(cutoff))), ObjectId.class)
        .into(owners);
    for (ObjectId id : owners) {
      if (files.find(Filters.eq("_id", id)).projection(new Document("_id", 1)).first() == null) {
        chunks.deleteMany(Filters.eq("files_id", id));
        removed++;
      }
    }
    if (removed > 0) {
      log.info("Removed {} abandoned staged upload file(s) started before {}", removed, cutoff);
    }
    return removed;
  }

  private void removeFile(ObjectId id) {
    try {
      files.deleteOne(Filters.eq("_id", id));
      chunks.deleteMany(Filters.eq("files_id", id));
    } catch (MongoException e) {
      // Left for sweepOrphans (a file without record) or the upload's sweep.
      log.warn("cannot remove staged upload file {}: {}", id, e.toString());
    }
  }

  /** One GridFS upload stream, opened with the first byte, counted as it is written. */
  private final class Upload {
    final ObjectId fileId = new ObjectId();
    final String name;
    final Document metadata;
    GridFSUploadStream gridFs;
    long size;
    boolean done;

    final OutputStream stream =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (done) {
              throw new IOException("the staged upload " + name + " is closed");
            }
            try {
              upload().write(b, off, len);
            } catch (MongoException e) {
              throw new IOException("cannot write upload bytes of " + name + " to GridFS", e);
            }
            size += len;
          }
        };

    Upload(String name, Document metadata) {
      this.name = name;
      this.metadata = metadata;
    }

    private GridFSUploadStream upload() {
      if (gridFs == null) {
        gridFs =
            bucket.openUploadStream(
                new BsonObjectId(fileId),
                name,
                new GridFSUploadOptions()
                    .chunkSizeBytes(GridFsBlobStore.CHUNK_SIZE)
                    .metadata(metadata));
      }
      return gridFs;
    }

    /** Writes the last chunk and the file document: the bytes are visible from now on. */
    void finish() throws IOException {
      if (done) {
        throw new IllegalStateException("the staged upload " + name + " is closed");
      }
      try {
        upload().close();
        done = true;
      } catch (MongoException e) {
        discard();
        throw new IOException("cannot store upload bytes of " + name + " in GridFS", e);
      }
    }

    /** Deletes what was written unless finished. */
    void discard() {
      if (done) {
        return;
      }
      done = true;
      try {
        if (gridFs != null) {
          gridFs.abort();
        }
      } catch (MongoException | IllegalStateException e) {
        log.warn("cannot discard staged upload bytes of {}: {}", name, e.toString());
      }
    }
  }
}
