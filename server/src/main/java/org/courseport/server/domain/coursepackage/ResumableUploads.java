package org.courseport.server.domain.coursepackage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;

/**
 * The resumable upload flow (gRPC): an upload is opened with the zip's size and SHA-256; its bytes
 * are appended to a partial file, in one stream or in several, each continuing from the offset the
 * server holds durably; when the last byte has arrived the SHA-256 is checked and the zip goes into
 * the blob store, after which the upload's {@code storage_path} is processed like a presigned
 * upload's.
 *
 * <p>The partial file is {@code <partsDir>/<upload id>/resumable.data}, beside the parts of the
 * multipart uploads, so that {@link MultipartUploads#sweep()} removes it once the upload expired
 * (uploads live as long as multipart ones). The bytes held are recorded ({@link
 * ResumableUploadRepository}) only after the file was forced to disk, every {@code checkpointBytes}
 * (forced and recorded on another thread while the stream goes on writing, so that the stream does
 * not stall on each fsync; the record lags by at most one checkpoint) and when a stream ends or
 * breaks; a new stream first truncates the file to the recorded length. One stream writes to an
 * upload at a time (a second is ABORTED): within this process, and across replicas by a write lease
 * on the progress document (holder and until, taken by a conditional single-document update when a
 * stream starts, renewed while it writes, released when it ends; a dead holder's runs out after
 * {@link #writeLease(Duration)}). Without staging, the partial file is on this server's disk, so an
 * upload belongs to the server that opened it.
 *
 * <p>The zip's SHA-256 is declared when the upload is opened, or, when it was not, by the stream
 * that carries the last byte, after it ({@link Writer#finish(String)}): a client then hashes the
 * file as it sends it instead of reading it once more beforehand.
 *
 * <p>The SHA-256 is computed as the bytes arrive; a stream that continues an upload first hashes
 * the bytes already held (read back from the file), so that the digest is known before anything is
 * published to the blob store and a mismatch leaves nothing behind. A matching file is then moved
 * into the blob store under that digest ({@link BlobStore#adopt}), not copied.
 */
public final class ResumableUploads {

  /** 10 GB, as the multipart flow. */
  public static final long MAX_FILE_SIZE = 10L * 1000 * 1000 * 1000;

  /** Default bytes between two forced checkpoints of a stream. */
  public static final long DEFAULT_CHECKPOINT_BYTES = 64L * 1024 * 1024;

  static final String DATA_FILE = "resumable.data";

  /** Default write lease: how long a stream's hold on an upload lasts unless renewed. */
  public static final Duration DEFAULT_WRITE_LEASE = Duration.ofSeconds(30);

  /** Environment setting of the write lease, in seconds. */
  public static final String WRITE_LEASE_SETTING = "COURSEPORT_RESUMABLE_WRITE_LEASE_SECONDS";

  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final int READ_BUFFER = 1024 * 1024;

  private final UploadRepository slots;
  private final ResumableUploadRepository progress;
  private final BlobStore blobs;
  private final Quotas quotas;
  private final Path partsDir;
  private final Duration lifetime;
  private final long checkpointBytes;
  private final Clock clock;
  private final Map<String, Writer> writers = new ConcurrentHashMap<>();
  private volatile UploadStaging staging; // null: the bytes are a file under partsDir
  private volatile Duration writeLease = DEFAULT_WRITE_LEASE;

  /**
   * Forces a stream's checkpoints to disk and records them, while the stream goes on writing
   * (daemon threads, ended after a minute idle).
   */
  private static final ExecutorService CHECKPOINTS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "resumable-checkpoint");
            thread.setDaemon(true);
            return thread;
          });

  public ResumableUploads(
      UploadRepository slots,
      ResumableUploadRepository progress,
      BlobStore blobs,
      Quotas quotas,
      Path partsDir,
      Duration lifetime,
      long checkpointBytes,
      Clock clock) {
    this.slots = slots;
    this.progress = progress;
    this.blobs = blobs;
    this.quotas = quotas;
    this.partsDir = partsDir;
    this.lifetime = lifetime;
    this.checkpointBytes = checkpointBytes;
    this.clock = clock;
  }

  /**
   * Keeps the bytes held in {@code staging} (reached by every replica), as one segment per
   * checkpoint, instead of a file under the parts directory: a stream broken on one replica
   * continues on any other from the offset recorded in the database.
   */
  public ResumableUploads staging(UploadStaging staging) {
    this.staging = staging;
    return this;
  }

  /**
   * Sets the write lease: a stream holds its upload (on every replica) for this long after it
   * started or last renewed, renewing it every third of it while it writes; a holder that died
   * without releasing it blocks other streams this long at most.
   */
  public ResumableUploads writeLease(Duration lease) {
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("the write lease must be positive, got " + lease);
    }
    this.writeLease = lease;
    return this;
  }

  /** The write lease from {@link #WRITE_LEASE_SETTING} (whole seconds), else the default. */
  public static Duration writeLeaseFrom(Map<String, String> environment) {
    String value = environment.get(WRITE_LEASE_SETTING);
    if (value == null || value.isBlank()) {
      return DEFAULT_WRITE_LEASE;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      if (seconds > 0) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        WRITE_LEASE_SETTING + " must be a whole number of seconds above 0, got '" + value + "'");
  }

  /**
   * Opens an upload of {@code fileSize} bytes whose SHA-256 is {@code sha256} (hex), or, when
   * {@code sha256} is null or empty, is declared at the end ({@link Writer#finish(String)}).
   */
  public UploadSlot open(
      String tenantId,
      String tenantUuid,
      String uploadedBy,
      String fileName,
      long fileSize,
      String sha256) {
    if (fileName == null || fileName.isBlank()) {
      throw DomainException.invalid("FILENAME_MISSING", "filename is required");
    }
    if (fileSize <= 0) {
      throw DomainException.invalid(
          "FILE_SIZE_INVALID", "file_size must be the zip's size in bytes (1 or more)");
    }
    if (fileSize > MAX_FILE_SIZE) {
      throw new DomainException(
          DomainException.Kind.RESOURCE_EXHAUSTED,
          "FILE_TOO_LARGE",
          "file_size "
              + fileSize
              + " is above the largest resumable upload, "
              + MAX_FILE_SIZE
              + " bytes (10 GB).");
    }
    String declared = sha256 == null ? "" : sha256;
    if (!declared.isEmpty()) {
      checkSha256(declared);
    }
    Instant now = clock.instant();
    String uploadId = "upl_" + UUID.randomUUID();
    // Held until the finish takes it over, or the upload expires.
    Quotas.Reservation reserved =
        quotas.reserveBytes(tenantId, uploadId, fileSize, now.plus(lifetime));
    UploadSlot slot =
        new UploadSlot(
            uploadId,
            tenantId,
            tenantUuid,
            uploadedBy == null ? "" : uploadedBy,
            fileName,
            fileSize,
            now.plus(lifetime),
            UploadSlot.State.MINTED,
            null,
            now);
    try {
      progress.insert(
          new ResumableUploadRepository.Progress(
              slot.uploadId(), declared.toLowerCase(Locale.ROOT), 0));
      slots.insert(slot);
    } catch (RuntimeException e) {
      reserved.close();
      throw e;
    }
    return slot;
  }

  /**
   * The state of an upload.
   *
   * @param slot the upload
   * @param committedBytes bytes held durably (the file size once complete)
   * @param complete whether the zip is stored
   * @param writing whether a stream is writing to it now
   */
  public record Status(UploadSlot slot, long committedBytes, boolean complete, boolean writing) {}

  /** The state of one of the tenant's uploads; NOT_FOUND for another tenant's or an expired one. */
  public Status status(String tenantId, String uploadId) {
    UploadSlot slot = find(tenantId, uploadId);
    ResumableUploadRepository.Progress p = progressOf(uploadId);
    boolean complete = slot.state() == UploadSlot.State.STORED;
    return new Status(
        slot,
        complete ? slot.declaredSize() : p.committedBytes(),
        complete,
        !complete && (writers.containsKey(uploadId) || liveLease(uploadId) != null));
  }

  /** The live write lease of another stream (on any replica) on the upload, or null. */
  private ResumableUploadRepository.Lease liveLease(String uploadId) {
    Instant now = clock.instant();
    return progress.lease(uploadId).filter(l -> l.until().isAfter(now)).orElse(null);
  }

  /**
   * Starts a stream into the tenant's upload at {@code offset}, which must equal the bytes held.
   * ABORTED while another stream writes to the same upload: in this process, or on any replica (its
   * write lease is live; see {@link #writeLease(Duration)}).
   */
  public Writer begin(String tenantId, String uploadId, long offset) {
    UploadSlot slot = find(tenantId, uploadId);
    if (slot.state() == UploadSlot.State.STORED) {
      throw completed(uploadId);
    }
    Writer writer = new Writer(slot);
    if (writers.putIfAbsent(uploadId, writer) != null) {
      throw new DomainException(
          DomainException.Kind.ABORTED,
          "UPLOAD_BUSY",
          "Another stream is writing to upload '"
              + uploadId
              + "'; wait for it to end (or break), then continue from the offset"
              + " GetResumableUploadStatus reports.");
    }
    try {
      writer.lease(); // before start: a live stream elsewhere keeps its staged bytes
      writer.start(offset);
      return writer;
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  private UploadSlot find(String tenantId, String uploadId) {
    UploadSlot slot =
        slots
            .find(uploadId == null ? "" : uploadId)
            .filter(s -> s.tenantId().equals(tenantId))
            .filter(s -> progress.find(s.uploadId()).isPresent())
            .orElseThrow(
                () ->
                    DomainException.notFound(
                        "UPLOAD_NOT_FOUND", "No resumable upload '" + uploadId + "'."));
    if (slot.state() != UploadSlot.State.STORED && slot.expires().isBefore(clock.instant())) {
      throw DomainException.notFound(
          "UPLOAD_EXPIRED",
          "The resumable upload '"
              + uploadId
              + "' expired before it was completed and its bytes were removed; open a new one.");
    }
    return slot;
  }

  private ResumableUploadRepository.Progress progressOf(String uploadId) {
    return progress
        .find(uploadId)
        .orElseThrow(
            () ->
                DomainException.notFound(
                    "UPLOAD_NOT_FOUND", "No resumable upload '" + uploadId + "'."));
  }

  private Path dataFile(String uploadId) {
    return partsDir.resolve(uploadId).resolve(DATA_FILE);
  }

  private static DomainException completed(String uploadId) {
    return new DomainException(
        DomainException.Kind.FAILED_PRECONDITION,
        "UPLOAD_COMPLETED",
        "The resumable upload '" + uploadId + "' is complete; process its storage_path.");
  }

  private static void checkSha256(String sha256) {
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw DomainException.invalid(
          "SHA256_INVALID", "sha256 must be the zip's SHA-256 as 64 hexadecimal digits");
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /**
   * One stream writing into an upload. Not thread-safe: gRPC delivers a call's messages one at a
   * time. Close it when the stream ends, however it ends.
   */
  public final class Writer implements AutoCloseable {
    private final UploadSlot slot;
    private final MessageDigest digest = sha256();
    private FileChannel channel;
    private String expectedSha256;
    private long position;
    private long recorded;
    private Future<Long> checkpointing;
    private boolean finished;
    private boolean closed;
    private UploadStaging.SegmentSink segment; // staged mode: the run since the last checkpoint
    private final List<UploadStaging.Segment> held = new ArrayList<>(); // staged mode
    private final String holder = "stream-" + UUID.randomUUID();
    private boolean leased;
    private boolean lost;
    private Instant renewAt;

    private Writer(UploadSlot slot) {
      this.slot = slot;
    }

    /** Takes the upload's write lease; ABORTED naming when to retry while another holds it. */
    private void lease() {
      Instant now = clock.instant();
      if (!progress.takeLease(slot.uploadId(), holder, now, now.plus(writeLease))) {
        ResumableUploadRepository.Lease other = liveLease(slot.uploadId());
        Instant retry = other == null ? now : other.until();
        throw new DomainException(
            DomainException.Kind.ABORTED,
            "UPLOAD_BUSY",
            "Another stream (possibly on another server) is writing to upload '"
                + slot.uploadId()
                + "'; retry after "
                + retry
                + " (when its lease runs out unless it is still writing), then continue from"
                + " the offset GetResumableUploadStatus reports.",
            Map.of("retry_after", retry.toString()));
      }
      leased = true;
      renewAt = now.plus(writeLease.dividedBy(3));
    }

    /**
     * Renews the write lease every third of it (or now, {@code force}, before bytes are recorded as
     * held); ABORTED when another stream took it over, after which this one records nothing.
     */
    private void renewLease(boolean force) {
      Instant now = clock.instant();
      if (!force && now.isBefore(renewAt)) {
        return;
      }
      if (!progress.takeLease(slot.uploadId(), holder, now, now.plus(writeLease))) {
        leased = false;
        lost = true;
        throw new DomainException(
            DomainException.Kind.ABORTED,
            "UPLOAD_LEASE_LOST",
            "This stream stalled past its write lease on upload '"
                + slot.uploadId()
                + "' and another stream took the upload over; continue from the offset"
                + " GetResumableUploadStatus reports.");
      }
      renewAt = now.plus(writeLease.dividedBy(3));
    }

    private void releaseLease() {
      if (leased) {
        leased = false;
        try {
          progress.releaseLease(slot.uploadId(), holder);
        } catch (RuntimeException e) {
          // It runs out by itself.
        }
      }
    }

    private void start(long offset) {
      ResumableUploadRepository.Progress p = progressOf(slot.uploadId());
      if (offset != p.committedBytes()) {
        throw new DomainException(
            DomainException.Kind.FAILED_PRECONDITION,
            "OFFSET_MISMATCH",
            "The stream starts at offset "
                + offset
                + " but the server holds "
                + p.committedBytes()
                + " bytes of upload '"
                + slot.uploadId()
                + "'; continue from offset "
                + p.committedBytes()
                + ".",
            Map.of(
                "offset",
                Long.toString(offset),
                "committed_bytes",
                Long.toString(p.committedBytes())));
      }
      if (slot.state() == UploadSlot.State.RECEIVING) {
        // Left by a completion that died with its server: this writer owns the upload now.
        slots.release(slot.uploadId());
      }
      expectedSha256 = p.sha256();
      recorded = p.committedBytes();
      position = recorded;
      if (staging != null) {
        startStaged();
        return;
      }
      try {
        Path file = dataFile(slot.uploadId());
        Files.createDirectories(file.getParent());
        channel =
            FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        if (channel.size() > recorded) {
          channel.truncate(recorded);
        } else if (channel.size() < recorded) {
          throw new IllegalStateException(
              "the partial file of upload "
                  + slot.uploadId()
                  + " holds "
                  + channel.size()
                  + " bytes but "
                  + recorded
                  + " were recorded");
        }
        hashHeld();
        channel.position(recorded);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Continues the digest over the bytes held from earlier streams. */
    private void hashHeld() throws IOException {
      ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER);
      long at = 0;
      while (at < recorded) {
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), recorded - at));
        int n = channel.read(buffer, at);
        if (n < 0) {
          throw new IOException("the partial file ended before the recorded length");
        }
        digest.update(buffer.array(), 0, n);
        at += n;
      }
    }

    public String uploadId() {
      return slot.uploadId();
    }

    public UploadSlot slot() {
      return slot;
    }

    /** Bytes written so far, with those of earlier streams. */
    public long position() {
      return position;
    }

    /** Bytes recorded as held durably. */
    public long committed() {
      return recorded;
    }

    /** Whether every declared byte has arrived. */
    public boolean atEnd() {
      return position == slot.declaredSize();
    }

    /**
     * Whether the zip's SHA-256 was declared when the upload was opened: the upload can then be
     * finished as soon as its last byte arrived; otherwise {@link #finish(String)} needs it.
     */
    public boolean digestDeclared() {
      return !expectedSha256.isEmpty();
    }

    /** Whether {@link #finish(String)} stored the zip. */
    public boolean finished() {
      return finished;
    }

    /** Appends bytes; refuses any past the declared size (and stores none of that chunk). */
    public void write(byte[] bytes, int off, int len) {
      if (leased) {
        renewLease(false);
      }
      if (staging != null && !finished && position + len <= slot.declaredSize()) {
        writeStaged(bytes, off, len);
        return;
      }
      if (finished || position + len > slot.declaredSize()) {
        throw new DomainException(
            DomainException.Kind.INVALID_ARGUMENT,
            "WRITE_PAST_END",
            "A chunk of "
                + len
                + " bytes at offset "
                + position
                + " goes past file_size "
                + slot.declaredSize()
                + " of upload '"
                + slot.uploadId()
                + "'.",
            Map.of("offset", Long.toString(position)));
      }
      try {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, off, len);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      digest.update(bytes, off, len);
      position += len;
      if (checkpointing != null && checkpointing.isDone()) {
        awaitCheckpoint();
      }
      if (checkpointing == null && position - recorded >= checkpointBytes) {
        long from = recorded;
        long to = position;
        checkpointing = CHECKPOINTS.submit(() -> forceAndRecord(from, to));
      }
    }

    /**
     * Forces the file and records {@code to} bytes as held (on a checkpoint thread, while the
     * stream writes on: the force covers at least the bytes written before it started).
     */
    private long forceAndRecord(long from, long to) throws IOException {
      channel.force(false);
      if (!progress.advance(slot.uploadId(), from, to)) {
        throw new IllegalStateException(
            "the recorded progress of upload " + slot.uploadId() + " changed under its writer");
      }
      return to;
    }

    /**
     * Waits for the checkpoint in flight, if any (one is started, every {@code checkpointBytes}
     * written, on another thread), and takes its recorded length; rethrows its failure.
     */
    public void awaitCheckpoint() {
      Future<Long> inFlight = checkpointing;
      if (inFlight == null) {
        return;
      }
      checkpointing = null;
      boolean interrupted = false;
      try {
        while (true) {
          try {
            recorded = inFlight.get();
            return;
          } catch (InterruptedException e) {
            interrupted = true; // a checkpoint is one fsync and one update; finish waiting for it
          } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
              throw new UncheckedIOException(io);
            }
            if (cause instanceof RuntimeException r) {
              throw r;
            }
            throw new IllegalStateException(cause);
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** Forces the bytes written to disk, then records them as held (after the one in flight). */
    public void checkpoint() {
      if (lost) {
        return; // another stream owns the upload now
      }
      if (leased) {
        renewLease(true);
      }
      if (staging != null) {
        checkpointStaged();
        return;
      }
      awaitCheckpoint();
      if (position == recorded) {
        return;
      }
      try {
        channel.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!progress.advance(slot.uploadId(), recorded, position)) {
        throw new IllegalStateException(
            "the recorded progress of upload " + slot.uploadId() + " changed under its writer");
      }
      recorded = position;
    }

    /** {@link #finish(String)} of an upload opened with its SHA-256. */
    public String finish() {
      return finish(null);
    }

    /**
     * Once every byte has arrived: checks the SHA-256 and stores the zip in the blob store (the
     * upload becomes STORED and its partial file is removed). A mismatch discards the bytes held.
     * Returns the SHA-256.
     *
     * @param declared the zip's SHA-256 as the client declares it at the end (hex), or null when
     *     the upload was opened with it; when it was, a declared one must equal it
     */
    public String finish(String declared) {
      if (!atEnd()) {
        throw new DomainException(
            DomainException.Kind.INVALID_ARGUMENT,
            "UPLOAD_INCOMPLETE",
            "The finish of upload '"
                + slot.uploadId()
                + "' came after "
                + position
                + " of its "
                + slot.declaredSize()
                + " bytes; send the rest first.",
            Map.of("offset", Long.toString(position)));
      }
      if (declared != null) {
        checkSha256(declared);
        String lower = declared.toLowerCase(Locale.ROOT);
        if (expectedSha256.isEmpty()) {
          expectedSha256 = lower;
        } else if (!expectedSha256.equals(lower)) {
          throw new DomainException(
              DomainException.Kind.INVALID_ARGUMENT,
              "SHA256_MISMATCH",
              "The finish of upload '"
                  + slot.uploadId()
                  + "' declares SHA-256 "
                  + lower
                  + " but the upload was opened with "
                  + expectedSha256
                  + ".",
              Map.of("sha256", lower, "expected_sha256", expectedSha256));
        }
      } else if (expectedSha256.isEmpty()) {
        throw new IllegalStateException(
            "upload " + slot.uploadId() + " was opened without its SHA-256; finish needs it");
      }
      checkpoint();
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(expectedSha256)) {
        discard();
        throw new DomainException(
            DomainException.Kind.INVALID_ARGUMENT,
            "SHA256_MISMATCH",
            "The "
                + slot.declaredSize()
                + " bytes received have SHA-256 "
                + actual
                + " but upload '"
                + slot.uploadId()
                + "' was opened with "
                + expectedSha256
                + "; the bytes were discarded: send the file again from offset 0.",
            Map.of("sha256", actual, "expected_sha256", expectedSha256));
      }
      find(slot.tenantId(), slot.uploadId());
      // Released once stored (the upload then counts itself) or refused.
      Quotas.Reservation reserved =
          quotas.reserveBytes(slot.tenantId(), slot.uploadId(), slot.declaredSize(), null);
      if (!slots.claim(slot.uploadId())) {
        reserved.close();
        throw completed(slot.uploadId());
      }
      if (staging != null) {
        try {
          return storeStaged(actual);
        } finally {
          reserved.close();
        }
      }
      boolean stored = false;
      closeChannel();
      try {
        blobs.adopt(
            dataFile(slot.uploadId()),
            actual,
            blobId -> {
              if (!slots.complete(slot.uploadId(), blobId)) {
                throw new IllegalStateException("upload " + slot.uploadId() + " was not receiving");
              }
            });
        stored = true;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        reserved.close();
        if (!stored) {
          slots.release(slot.uploadId());
          if (!Files.exists(dataFile(slot.uploadId()))) {
            // The file was taken over before the failure: start again from 0.
            progress.advance(slot.uploadId(), recorded, 0);
          }
        }
      }
      finished = true;
      deleteData();
      return actual;
    }

    /** Throws the bytes away: the upload starts again from offset 0. */
    private void discard() {
      if (staging != null) {
        discardStaged();
        return;
      }
      awaitCheckpoint();
      try {
        channel.truncate(0);
        channel.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!progress.advance(slot.uploadId(), recorded, 0)) {
        throw new IllegalStateException(
            "the recorded progress of upload " + slot.uploadId() + " changed under its writer");
      }
      recorded = 0;
      position = 0;
      digest.reset();
    }

    private void closeChannel() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          // Nothing was lost: what is recorded was forced before.
        }
        channel = null;
      }
    }

    private void deleteData() {
      try {
        Files.deleteIfExists(dataFile(slot.uploadId()));
        Files.deleteIfExists(dataFile(slot.uploadId()).getParent());
      } catch (IOException e) {
        // A leftover file of a STORED upload is removed by the sweeper.
      }
    }

    /**
     * Ends the stream: records what was written (forced to disk) so that the next stream continues
     * from there, and lets another stream write.
     */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (staging != null) {
        closeStaged();
        return;
      }
      try {
        if (channel != null && !finished) {
          checkpoint();
        } else {
          awaitCheckpoint();
        }
      } catch (RuntimeException e) {
        // What was recorded before stays valid; the next stream truncates the rest away.
      } finally {
        closeChannel();
        releaseLease();
        writers.remove(slot.uploadId(), this);
      }
    }

    // ---- Staged mode (bytes in an UploadStaging every replica reaches, e.g. GridFS) ----

    /**
     * Finds the segments that hold the recorded bytes, from offset 0 without gap, hashes them
     * (streamed) and drops segments past the recorded length (sealed by a stream that broke before
     * recording them).
     */
    private void startStaged() {
      String uploadId = slot.uploadId();
      staging.dropSegmentsFrom(uploadId, recorded);
      long at = 0;
      for (UploadStaging.Segment s : staging.segments(uploadId)) {
        if (at == recorded) {
          break;
        }
        if (s.offset() == at && s.offset() + s.length() <= recorded) {
          held.add(s);
          at += s.length();
        }
      }
      if (at != recorded) {
        // A segment went missing (e.g. a stream that lost its lease recorded past another's):
        // hold what is whole and have the client go on from there.
        long lost = recorded;
        held.clear();
        progress.advance(uploadId, lost, at);
        throw new DomainException(
            DomainException.Kind.FAILED_PRECONDITION,
            "OFFSET_MISMATCH",
            "The server holds only the first "
                + at
                + " bytes of upload '"
                + uploadId
                + "' whole (not "
                + lost
                + "); continue from offset "
                + at
                + ".",
            Map.of("offset", Long.toString(lost), "committed_bytes", Long.toString(at)));
      }
      byte[] buffer = new byte[64 * 1024];
      try {
        for (UploadStaging.Segment s : held) {
          long read = 0;
          try (InputStream in = staging.open(s.ref())) {
            for (int n; (n = in.read(buffer)) > 0; ) {
              digest.update(buffer, 0, n);
              read += n;
            }
          }
          if (read != s.length()) {
            throw new IOException(
                "segment at " + s.offset() + " of upload " + uploadId + " ended early");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void writeStaged(byte[] bytes, int off, int len) {
      try {
        if (segment == null) {
          segment = staging.newSegment(slot.uploadId(), position);
        }
        segment.stream().write(bytes, off, len);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      digest.update(bytes, off, len);
      position += len;
      if (position - recorded >= checkpointBytes) {
        checkpoint();
      }
    }

    /** Seals the run since the last checkpoint as a segment, then records its bytes as held. */
    private void checkpointStaged() {
      if (position == recorded) {
        return;
      }
      if (segment == null) {
        throw new IllegalStateException(
            "the bytes of upload " + slot.uploadId() + " after " + recorded + " were lost");
      }
      UploadStaging.Segment sealed;
      try (UploadStaging.SegmentSink sink = segment) {
        segment = null;
        sealed = sink.seal();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!progress.advance(slot.uploadId(), recorded, position)) {
        throw new IllegalStateException(
            "the recorded progress of upload " + slot.uploadId() + " changed under its writer");
      }
      held.add(sealed);
      recorded = position;
    }

    /** Streams the held segments, in order, into a blob that must have the checked SHA-256. */
    private String storeStaged(String actual) {
      String uploadId = slot.uploadId();
      boolean stored = false;
      try (BlobStore.BlobWriter w = blobs.newWriter()) {
        for (UploadStaging.Segment s : held) {
          try (InputStream in = staging.open(s.ref())) {
            in.transferTo(w.stream());
          }
        }
        w.commit(
            blobId -> {
              if (!blobId.equals(actual)) {
                throw new IllegalStateException(
                    "the staged bytes of upload " + uploadId + " changed: " + blobId);
              }
              if (!slots.complete(uploadId, blobId)) {
                throw new IllegalStateException("upload " + uploadId + " was not receiving");
              }
            });
        stored = true;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        if (!stored) {
          slots.release(uploadId);
        }
      }
      finished = true;
      staging.deleteUpload(uploadId);
      return actual;
    }

    private void discardStaged() {
      closeSegment();
      staging.dropSegmentsFrom(slot.uploadId(), 0);
      if (!progress.advance(slot.uploadId(), recorded, 0)) {
        throw new IllegalStateException(
            "the recorded progress of upload " + slot.uploadId() + " changed under its writer");
      }
      held.clear();
      recorded = 0;
      position = 0;
      digest.reset();
    }

    private void closeSegment() {
      if (segment != null) {
        try {
          segment.close();
        } catch (IOException e) {
          // Unsealed bytes are invisible; the sweep removes them.
        }
        segment = null;
      }
    }

    private void closeStaged() {
      try {
        if (!finished) {
          checkpoint();
        }
      } catch (RuntimeException e) {
        // What was recorded before stays valid; the next stream drops what follows it.
      } finally {
        closeSegment();
        releaseLease();
        writers.remove(slot.uploadId(), this);
      }
    }
  }
}
