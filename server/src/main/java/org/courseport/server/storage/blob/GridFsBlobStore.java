package org.courseport.server.storage.blob;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.courseport.server.domain.blob.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content-addressed {@link BlobStore} in MongoDB GridFS, for server replicas that share a database
 * but no disk ({@code COURSEPORT_BLOB_STORE=gridfs}). The bucket {@code blobs} holds the bytes in
 * {@code blobs.chunks} (255 KiB each) and one document per blob in {@code blobs.files}, whose
 * {@code filename} is the blob's SHA-256 (unique index), so that standard GridFS tools can read it.
 *
 * <p>A writer streams its bytes into chunks of a new file named {@code pending/<objectId>} while
 * hashing them; committing renames that file to its SHA-256, or drops it when a blob with that
 * SHA-256 exists already (identical uploads are stored once). The commit and {@link
 * #deleteUnlessReferenced} run under the blob's guard: a lease document in {@code blobGuards},
 * taken with an insert (or a conditional update of an expired lease) and released by its owner, so
 * that the guard holds across every replica on the database. Files left pending and chunks without
 * a file (a process that died mid-upload) are removed by {@link #sweepAbandoned} once old.
 */
public final class GridFsBlobStore implements BlobStore {
  private static final Logger log = LoggerFactory.getLogger(GridFsBlobStore.class);

  /** The GridFS bucket: collections {@code blobs.files} and {@code blobs.chunks}. */
  public static final String BUCKET = "blobs";

  /** The guards' lease documents, {@code _id} = blob id. */
  public static final String GUARDS = "blobGuards";

  static final String PENDING = "pending/";

  /** GridFS's customary chunk size; a random read fetches one chunk. */
  static final int CHUNK_SIZE = 255 * 1024;

  /** How many chunks one batch of a sequential read holds (memory bound of {@link #open}). */
  private static final int READ_BATCH_CHUNKS = 4;

  private final GridFSBucket bucket;
  private final MongoCollection<Document> files;
  private final MongoCollection<Document> chunks;
  private final MongoCollection<Document> guards;
  private final Clock clock;
  private final Duration lease;

  /** In-process half of the guards, so that threads of one replica queue without polling. */
  private final ReentrantLock[] stripes = new ReentrantLock[256];

  /** A store in {@code database} whose guards' leases last 60 seconds. */
  public GridFsBlobStore(MongoDatabase database, Clock clock) {
    this(database, clock, Duration.ofSeconds(60));
  }

  /**
   * A store in {@code database}; a guard left by a process that died is taken over once its {@code
   * lease} has run out (replicas' clocks must agree to well within it).
   */
  public GridFsBlobStore(MongoDatabase database, Clock clock, Duration lease) {
    this.bucket = GridFSBuckets.create(database, BUCKET).withChunkSizeBytes(CHUNK_SIZE);
    this.files = database.getCollection(BUCKET + ".files");
    this.chunks = database.getCollection(BUCKET + ".chunks");
    this.guards = database.getCollection(GUARDS);
    this.clock = clock;
    this.lease = lease;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
    // GridFS's own indexes (the driver creates them too, but only when the bucket is empty).
    files.createIndex(Indexes.ascending("filename", "uploadDate"));
    chunks.createIndex(Indexes.ascending("files_id", "n"), new IndexOptions().unique(true));
    // One file per SHA-256: the content addressing, also enforced by the database.
    files.createIndex(
        Indexes.ascending("filename"), new IndexOptions().unique(true).name("filename_unique"));
    log.info("Blob store in GridFS bucket {} of database {}", BUCKET, database.getName());
  }

  GridFSBucket bucket() {
    return bucket;
  }

  MongoCollection<Document> files() {
    return files;
  }

  MongoCollection<Document> chunks() {
    return chunks;
  }

  Clock clock() {
    return clock;
  }

  @Override
  public BlobWriter newWriter() {
    return new GridFsBlobWriter(this);
  }

  @Override
  public SeekableByteChannel openChannel(String blobId) throws IOException {
    Document file = fileOf(blobId);
    return new GridFsChannel(
        chunks, file.getObjectId("_id"), length(file), file.getInteger("chunkSize"), blobId);
  }

  @Override
  public InputStream open(String blobId) throws IOException {
    ObjectId id = fileOf(blobId).getObjectId("_id");
    try {
      GridFSDownloadStream stream = bucket.openDownloadStream(id);
      return stream.batchSize(READ_BATCH_CHUNKS);
    } catch (MongoException e) {
      throw new IOException("cannot read blob " + blobId + " from GridFS", e);
    }
  }

  @Override
  public boolean exists(String blobId) {
    BlobIds.requireValid(blobId);
    return files.find(Filters.eq("filename", blobId)).projection(new Document("_id", 1)).first()
        != null;
  }

  @Override
  public long size(String blobId) throws IOException {
    return length(fileOf(blobId));
  }

  @Override
  public boolean delete(String blobId) throws IOException {
    BlobIds.requireValid(blobId);
    ObjectId removed = unpublish(blobId);
    if (removed == null) {
      return false;
    }
    removeChunks(removed);
    log.info("deleted blob {}", blobId);
    return true;
  }

  @Override
  public boolean deleteUnlessReferenced(String blobId, BooleanSupplier referenced)
      throws IOException {
    BlobIds.requireValid(blobId);
    // Under the guard only the file document goes (the blob is gone for every reader then); its
    // chunks, which no new upload can share (they belong to that document's id), go afterwards.
    ObjectId removed = guarded(blobId, () -> referenced.getAsBoolean() ? null : unpublish(blobId));
    if (removed == null) {
      return false;
    }
    removeChunks(removed);
    log.info("deleted blob {}", blobId);
    return true;
  }

  /**
   * Removes files left pending (by a process that died between its last chunk and its commit) and
   * chunks that belong to no file (a process that died mid-upload), when they were started before
   * {@code olderThan} ago: younger ones may be uploads in progress on another replica. Returns how
   * many uploads were removed.
   */
  public int sweepAbandoned(Duration olderThan) {
    Instant cutoff = clock.instant().minus(olderThan);
    ObjectId cutoffId = new ObjectId(Date.from(cutoff));
    int removed = 0;
    List<ObjectId> pending = new ArrayList<>();
    files
        .find(
            Filters.and(
                Filters.regex("filename", "^" + PENDING),
                Filters.lt("uploadDate", Date.from(cutoff))))
        .projection(new Document("_id", 1))
        .forEach(d -> pending.add(d.getObjectId("_id")));
    for (ObjectId id : pending) {
      if (files
              .deleteOne(
                  Filters.and(Filters.eq("_id", id), Filters.regex("filename", "^" + PENDING)))
              .getDeletedCount()
          == 1) {
        removeChunks(id);
        removed++;
      }
    }
    List<ObjectId> owners = new ArrayList<>();
    chunks.distinct("files_id", Filters.lt("files_id", cutoffId), ObjectId.class).into(owners);
    for (ObjectId id : owners) {
      if (files.find(Filters.eq("_id", id)).projection(new Document("_id", 1)).first() == null) {
        removeChunks(id);
        removed++;
      }
    }
    if (removed > 0) {
      log.info("Removed {} abandoned GridFS uploads started before {}", removed, cutoff);
    }
    return removed;
  }

  /** The published file document of {@code blobId}; NoSuchFileException when absent. */
  private Document fileOf(String blobId) throws IOException {
    BlobIds.requireValid(blobId);
    Document file;
    try {
      file = files.find(Filters.eq("filename", blobId)).first();
    } catch (MongoException e) {
      throw new IOException("cannot look up blob " + blobId + " in GridFS", e);
    }
    if (file == null) {
      throw new NoSuchFileException(blobId, null, "no such blob");
    }
    return file;
  }

  private static long length(Document file) {
    return ((Number) file.get("length")).longValue();
  }

  /** Deletes the file document of {@code blobId}; returns its id, or null when there was none. */
  private ObjectId unpublish(String blobId) {
    Document gone = files.findOneAndDelete(Filters.eq("filename", blobId));
    return gone == null ? null : gone.getObjectId("_id");
  }

  void removeChunks(ObjectId fileId) {
    chunks.deleteMany(Filters.eq("files_id", fileId));
  }

  /**
   * Publishes the complete pending file {@code fileId} as {@code blobId}, under the guard: renames
   * it, or when the blob exists already drops it (after the guard) and refreshes the existing
   * file's upload date; then calls {@code recordReference}, still under the guard.
   */
  void publish(ObjectId fileId, String blobId, Runnable recordReference) throws IOException {
    boolean[] duplicate = {false};
    try {
      guarded(
          blobId,
          () -> {
            duplicate[0] =
                files
                        .updateOne(
                            Filters.eq("filename", blobId),
                            Updates.set("uploadDate", Date.from(clock.instant())))
                        .getMatchedCount()
                    == 1;
            if (!duplicate[0]) {
              try {
                files.updateOne(Filters.eq("_id", fileId), Updates.set("filename", blobId));
              } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                  throw e;
                }
                duplicate[0] = true; // published without the guard: the index keeps one copy
              }
            }
            recordReference.run();
            return null;
          });
    } finally {
      if (duplicate[0]) {
        files.deleteOne(Filters.eq("_id", fileId));
        removeChunks(fileId);
        log.debug("blob {} exists already; duplicate discarded", blobId);
      }
    }
  }

  /** An action on blobs that may throw IOException. */
  interface GuardedAction<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code action} holding the guard of the blob's id: a lock within this process and a lease
   * document in MongoDB that every replica honours. Waits for a guard held elsewhere; takes over a
   * lease that has run out (its holder died).
   */
  <T> T guarded(String blobId, GuardedAction<T> action) throws IOException {
    ReentrantLock lock = stripes[Integer.parseInt(blobId.substring(0, 2), 16)];
    lock.lock();
    try {
      String owner = UUID.randomUUID().toString();
      acquire(blobId, owner);
      try {
        return action.run();
      } finally {
        try {
          guards.deleteOne(Filters.and(Filters.eq("_id", blobId), Filters.eq("owner", owner)));
        } catch (MongoException e) {
          // The lease runs out by itself.
          log.warn("cannot release the guard of blob {}: {}", blobId, e.toString());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void acquire(String blobId, String owner) throws IOException {
    Instant giveUp = clock.instant().plus(lease.multipliedBy(2));
    long pauseMillis = 1;
    while (true) {
      Instant now = clock.instant();
      Date until = Date.from(now.plus(lease));
      try {
        guards.insertOne(new Document("_id", blobId).append("owner", owner).append("until", until));
        return;
      } catch (MongoWriteException e) {
        if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
      }
      // Held: take it over only if its lease ran out (a holder that died).
      if (guards
              .updateOne(
                  Filters.and(Filters.eq("_id", blobId), Filters.lt("until", Date.from(now))),
                  Updates.combine(Updates.set("owner", owner), Updates.set("until", until)))
              .getModifiedCount()
          == 1) {
        log.warn("took over the expired guard of blob {}", blobId);
        return;
      }
      if (now.isAfter(giveUp)) {
        throw new IOException(
            "blob " + blobId + " stayed guarded by another server for more than " + lease);
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted waiting for the guard of blob " + blobId);
      }
      pauseMillis = Math.min(pauseMillis * 2, 50);
    }
  }
}
