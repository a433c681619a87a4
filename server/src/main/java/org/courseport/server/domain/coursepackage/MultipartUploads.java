package org.courseport.server.domain.coursepackage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;

/**
 * The multipart upload flow for large packages: an upload is started, each part is sent with one
 * signed PUT into its own file (streamed, with its MD5 as ETag; the last complete PUT of a part
 * wins), and completion assembles the parts file to file into the blob store, after which the
 * upload's {@code storage_path} is processed like a presigned upload's.
 */
public final class MultipartUploads {

  /** Path prefix of the part PUT targets: {@code <prefix><upload id>/parts/<part number>}. */
  public static final String PART_PATH = "/api/v1/packages/multipart/";

  /** 5 MiB: the Allure API's documented part size. */
  public static final long DEFAULT_PART_SIZE = 5L * 1024 * 1024;

  /** Most parts an upload may have (as S3). */
  public static final int MAX_PARTS = 10_000;

  private final UploadRepository uploads;
  private final UploadSignatures signatures;
  private final BlobStore blobs;
  private final PackageApiSettings settings;
  private final Supplier<String> baseUrl;
  private final Quotas quotas;
  private final Path partsDir;
  private final long partSize;
  private final Duration lifetime;
  private final Clock clock;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private volatile Duration claimLease = PresignedUploads.DEFAULT_CLAIM_LEASE;
  private volatile UploadStaging staging; // null: parts are files under partsDir

  /** Most uploads assembled ahead at once; others are assembled whole at completion. */
  static final int MAX_ASSEMBLIES = 8;

  private final Map<String, Assembly> assemblies = new ConcurrentHashMap<>();

  /** Runs the assemblies ahead of completion (daemon threads, ended after a minute idle). */
  private static final ExecutorService ASSEMBLER =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "multipart-assembly");
            thread.setDaemon(true);
            return thread;
          });

  public MultipartUploads(
      UploadRepository uploads,
      UploadSignatures signatures,
      BlobStore blobs,
      PackageApiSettings settings,
      Supplier<String> baseUrl,
      Quotas quotas,
      Path partsDir,
      long partSize,
      Duration lifetime,
      Clock clock) {
    this.uploads = uploads;
    this.signatures = signatures;
    this.blobs = blobs;
    this.settings = settings;
    this.baseUrl = baseUrl;
    this.quotas = quotas;
    this.partsDir = partsDir;
    this.partSize = partSize;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /**
   * Sets how long a completion in progress holds its upload without renewal (renewed as parts are
   * appended): the claim of a completion whose server died runs out after this, and the upload
   * takes parts and a completion again.
   */
  public MultipartUploads claimLease(Duration lease) {
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("the upload claim lease must be positive, got " + lease);
    }
    this.claimLease = lease;
    return this;
  }

  /**
   * Keeps the parts in {@code staging} (reached by every replica) instead of files under the parts
   * directory; see {@link #completeStaged}.
   */
  public MultipartUploads staging(UploadStaging staging) {
    this.staging = staging;
    return this;
  }

  /**
   * The upload as it is once a completion that died with its server (its claim not renewed for the
   * lease) has been let go: RECEIVING becomes MINTED again.
   */
  private UploadSlot reopenIfAbandoned(UploadSlot slot) {
    if (slot.state() == UploadSlot.State.RECEIVING
        && uploads.releaseStale(slot.uploadId(), clock.instant().minus(claimLease))) {
      return uploads.find(slot.uploadId()).orElse(slot);
    }
    return slot;
  }

  /** The part size from {@code COURSEPORT_MULTIPART_PART_SIZE}, default 5 MiB. */
  public static long partSizeFrom(Map<String, String> env) {
    return positive(env, "COURSEPORT_MULTIPART_PART_SIZE", DEFAULT_PART_SIZE);
  }

  /**
   * How long an upload may stay uncompleted before it expires and its parts are swept, from {@code
   * COURSEPORT_MULTIPART_TTL_SECONDS}, default 24 hours.
   */
  public static Duration lifetimeFrom(Map<String, String> env) {
    return Duration.ofSeconds(positive(env, "COURSEPORT_MULTIPART_TTL_SECONDS", 86_400));
  }

  private static long positive(Map<String, String> env, String name, long fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.trim());
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number", e);
    }
  }

  /**
   * Removes the part files of uploads that expired uncompleted (and leftovers of completed or
   * unknown ones); returns how many uploads were swept. Their PUTs and completion are refused.
   */
  public int sweep() {
    if (staging != null) {
      return sweepStaged();
    }
    if (!Files.isDirectory(partsDir)) {
      return 0;
    }
    Instant now = clock.instant();
    int swept = 0;
    try (Stream<Path> dirs = Files.list(partsDir)) {
      for (Path dir : dirs.toList()) {
        String uploadId = dir.getFileName().toString();
        synchronized (lock(uploadId)) {
          boolean live =
              uploads
                  .find(uploadId)
                  .filter(s -> s.state() != UploadSlot.State.STORED && !s.expires().isBefore(now))
                  .isPresent();
          if (!live) {
            discardAssembly(uploadId);
            deleteParts(uploadId);
            locks.remove(uploadId);
            swept++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return swept;
  }

  /**
   * Removes the temp files of part PUTs that a process killed mid-body left in the upload
   * directories (a PUT writes {@code tmp-*} and renames it to its part only when it is whole);
   * called at start, when no PUT of this data directory is under way. Returns how many it removed.
   */
  public int removeLeftoverPartTemps() {
    if (!Files.isDirectory(partsDir)) {
      return 0;
    }
    int removed = 0;
    try (Stream<Path> dirs = Files.list(partsDir)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : files.toList()) {
            if (file.getFileName().toString().startsWith("tmp-") && Files.deleteIfExists(file)) {
              removed++;
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return removed;
  }

  /** A started upload. */
  public record Started(UploadSlot slot, long partSize, int totalParts) {}

  /** Starts an upload; {@code fileSize} 0 when unknown. */
  public Started init(
      String tenantId, String tenantUuid, String uploadedBy, String fileName, long fileSize) {
    if (fileName == null || fileName.isBlank()) {
      throw DomainException.invalid("FILENAME_MISSING", "filename is required");
    }
    if (fileSize < 0) {
      throw DomainException.invalid(
          "FILE_SIZE_INVALID", "file_size must be the zip's size in bytes, or absent");
    }
    long totalParts = fileSize == 0 ? 0 : (fileSize + partSize - 1) / partSize;
    if (totalParts > MAX_PARTS) {
      throw new DomainException(
          DomainException.Kind.RESOURCE_EXHAUSTED,
          "FILE_TOO_LARGE",
          "The package needs more than " + MAX_PARTS + " parts of " + partSize + " bytes.");
    }
    Instant now = clock.instant();
    String uploadId = "upl_" + UUID.randomUUID();
    // A declared size is held until completion takes it over, or the upload expires.
    Quotas.Reservation reserved =
        fileSize > 0
            ? quotas.reserveBytes(tenantId, uploadId, fileSize, now.plus(lifetime))
            : () -> {};
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
      uploads.insert(slot);
    } catch (RuntimeException e) {
      reserved.close();
      throw e;
    }
    return new Started(slot, partSize, (int) totalParts);
  }

  /** A minted part URL. */
  public record PartUrl(int partNumber, String url, long expiresIn) {}

  /** Mints the signed URL of one part of the caller's upload. */
  public PartUrl partUrl(String tenantId, String uploadId, int partNumber) {
    UploadSlot slot = open(tenantId, uploadId);
    checkPartNumber(partNumber);
    Instant now = clock.instant();
    Instant expires = now.plus(settings.urlLifetime()).truncatedTo(ChronoUnit.SECONDS);
    SigningKey key = signatures.current();
    String path = partPath(uploadId, partNumber);
    long epoch = expires.getEpochSecond();
    String signature = UploadSignatures.sign(key, "PUT", path, slot.tenantUuid(), epoch, 0);
    String url =
        baseUrl.get()
            + path
            + "?tenant="
            + slot.tenantUuid()
            + "&expires="
            + epoch
            + "&kid="
            + key.keyId()
            + "&sig="
            + signature;
    return new PartUrl(partNumber, url, Math.max(0, epoch - now.getEpochSecond()));
  }

  /** Checks a part PUT's signed parameters and opens a file for its bytes. */
  public PartReceiving receive(
      String uploadId,
      int partNumber,
      String tenantUuid,
      long expires,
      String keyId,
      String signature) {
    SigningKey key = signatures.find(keyId).orElseThrow(MultipartUploads::signatureInvalid);
    String expected =
        UploadSignatures.sign(key, "PUT", partPath(uploadId, partNumber), tenantUuid, expires, 0);
    if (!UploadSignatures.matches(expected, signature.toLowerCase(Locale.ROOT))) {
      throw signatureInvalid();
    }
    if (clock.instant().getEpochSecond() > expires) {
      throw new DomainException(
          DomainException.Kind.PERMISSION_DENIED,
          "UPLOAD_URL_EXPIRED",
          "The part URL has expired; mint a new one with POST /api/v1/packages/multipart/part-url.");
    }
    UploadSlot slot = uploads.find(uploadId).orElseThrow(MultipartUploads::signatureInvalid);
    if (!slot.tenantUuid().equals(tenantUuid)) {
      throw signatureInvalid();
    }
    slot = reopenIfAbandoned(slot);
    if (slot.state() != UploadSlot.State.MINTED) {
      throw completed(uploadId);
    }
    if (slot.expires().isBefore(clock.instant())) {
      throw expired(uploadId);
    }
    if (staging != null) {
      return receiveStaged(uploadId, partNumber);
    }
    try {
      Path dir = Files.createDirectories(dir(uploadId));
      Path temp = dir.resolve("tmp-" + UUID.randomUUID());
      return new PartReceiving(uploadId, partNumber, dir, temp, Files.newOutputStream(temp));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A part named in a completion. */
  public record Part(int partNumber, String etag) {}

  /** A completed upload and the size of its assembled zip. */
  public record Completed(UploadSlot slot, long size) {}

  /**
   * Assembles the parts into the upload's zip in the blob store; the upload becomes STORED. The
   * parts appended ahead in the background (see {@link Assembly}) are kept when each still has the
   * ETag it had when appended; only the rest is appended now.
   */
  public Completed complete(String tenantId, String uploadId, List<Part> parts) {
    UploadSlot slot = open(tenantId, uploadId);
    if (staging != null) {
      return completeStaged(tenantId, slot, parts);
    }
    if (parts.isEmpty()) {
      throw DomainException.invalid("PARTS_MISSING", "parts must list every uploaded part");
    }
    List<Part> sorted = parts.stream().sorted(Comparator.comparingInt(Part::partNumber)).toList();
    Assembly ahead = assemblies.get(uploadId);
    if (ahead != null) {
      ahead.pause(); // outside the upload's lock, which the assembly takes between parts
    }
    boolean claimed = false;
    Quotas.Reservation reserved = () -> {};
    try {
      synchronized (lock(uploadId)) {
        List<String> etags = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < sorted.size(); i++) {
          Part part = sorted.get(i);
          int expectedNumber = i + 1;
          if (part.partNumber() != expectedNumber) {
            throw partError(
                "PART_MISSING",
                expectedNumber,
                part.partNumber() < expectedNumber
                    ? "Part " + part.partNumber() + " is listed twice."
                    : "Part " + expectedNumber + " is missing from the list of parts.");
          }
          Path file = partFile(uploadId, part.partNumber());
          String stored = readEtag(uploadId, part.partNumber());
          if (stored == null || !Files.exists(file)) {
            throw partError(
                "PART_MISSING",
                part.partNumber(),
                "Part " + part.partNumber() + " has not been uploaded.");
          }
          if (!stored.equalsIgnoreCase(unquote(part.etag()))) {
            throw partError(
                "PART_ETAG_MISMATCH",
                part.partNumber(),
                "The ETag of part "
                    + part.partNumber()
                    + " does not match the uploaded part (\""
                    + stored
                    + "\").");
          }
          long size = size(file);
          if (i < sorted.size() - 1 && size < partSize) {
            throw partError(
                "PART_TOO_SMALL",
                part.partNumber(),
                "Part "
                    + part.partNumber()
                    + " has "
                    + size
                    + " bytes; every part but the last must have "
                    + partSize
                    + ".");
          }
          etags.add(stored);
          total += size;
        }
        if (slot.declaredSize() > 0 && total != slot.declaredSize()) {
          throw DomainException.invalid(
              "BODY_SIZE_MISMATCH",
              "The parts hold " + total + " bytes but file_size was " + slot.declaredSize() + ".");
        }
        // Released in the finally below: once stored, the upload counts itself.
        reserved = quotas.reserveBytes(tenantId, uploadId, total, null);
        String holder = "complete-" + UUID.randomUUID();
        Instant renewed = clock.instant();
        if (!uploads.claim(uploadId, holder, renewed)) {
          throw completed(uploadId);
        }
        claimed = true;
        Assembly late = assemblies.remove(uploadId);
        if (late != null && late != ahead) {
          late.discard(); // started by a PUT that finished after this completion looked
        }
        BlobStore.BlobWriter writer = ahead == null ? null : ahead.takeIfPrefixOf(etags);
        int from = ahead == null ? 0 : ahead.appended();
        if (writer == null) {
          from = 0;
          if (ahead != null) {
            ahead.discard();
          }
        }
        boolean stored = false;
        try (BlobStore.BlobWriter w = writer != null ? writer : blobs.newWriter()) {
          for (int i = from; i < sorted.size(); i++) {
            try (FileChannel source =
                FileChannel.open(partFile(uploadId, i + 1), StandardOpenOption.READ)) {
              w.append(source);
            }
            Instant now = clock.instant();
            if (Duration.between(renewed, now).compareTo(claimLease.dividedBy(3)) >= 0) {
              if (!uploads.renew(uploadId, holder, now)) {
                throw new IllegalStateException("upload " + uploadId + " was taken over");
              }
              renewed = now;
            }
          }
          w.commit(
              blobId -> {
                if (!uploads.complete(uploadId, holder, blobId)) {
                  throw new IllegalStateException("upload " + uploadId + " was not receiving");
                }
              });
          stored = true;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          if (!stored) {
            uploads.release(uploadId, holder);
          }
        }
        deleteParts(uploadId);
        locks.remove(uploadId);
        return new Completed(uploads.find(uploadId).orElseThrow(), total);
      }
    } finally {
      reserved.close();
      if (ahead != null && !claimed) {
        ahead.resume(); // a refused completion: the upload goes on, and so does its assembly
      }
    }
  }

  private UploadSlot open(String tenantId, String uploadId) {
    UploadSlot slot =
        reopenIfAbandoned(
            uploads
                .find(uploadId == null ? "" : uploadId)
                .filter(s -> s.tenantId().equals(tenantId))
                .orElseThrow(
                    () ->
                        DomainException.notFound(
                            "UPLOAD_NOT_FOUND", "No multipart upload '" + uploadId + "'.")));
    if (slot.state() != UploadSlot.State.MINTED) {
      throw completed(uploadId);
    }
    if (slot.expires().isBefore(clock.instant())) {
      throw expired(uploadId);
    }
    return slot;
  }

  private static void checkPartNumber(int partNumber) {
    if (partNumber < 1 || partNumber > MAX_PARTS) {
      throw DomainException.invalid(
          "PART_NUMBER_INVALID", "part_number must be between 1 and " + MAX_PARTS + ".");
    }
  }

  private Object lock(String uploadId) {
    return locks.computeIfAbsent(uploadId, id -> new Object());
  }

  private Path dir(String uploadId) {
    return partsDir.resolve(uploadId);
  }

  private Path partFile(String uploadId, int partNumber) {
    return dir(uploadId).resolve(partNumber + ".part");
  }

  /**
   * Waits until the first {@code parts} parts of the upload have been appended ahead of its
   * completion (or the assembly stopped, or {@code timeout} passed); returns how many are. A hook
   * for tests and diagnostics.
   */
  public int awaitAssembledAhead(String uploadId, int parts, Duration timeout)
      throws InterruptedException {
    Assembly assembly = assemblies.get(uploadId);
    return assembly == null ? 0 : assembly.awaitAppended(parts, timeout);
  }

  /** Starts or wakes the upload's assembly ahead of completion, when there is room for one. */
  private void advance(String uploadId) {
    Assembly assembly = assemblies.get(uploadId);
    if (assembly == null) {
      if (assemblies.size() >= MAX_ASSEMBLIES) {
        return;
      }
      assembly = assemblies.computeIfAbsent(uploadId, Assembly::new);
    }
    assembly.wake();
  }

  private void discardAssembly(String uploadId) {
    Assembly assembly = assemblies.remove(uploadId);
    if (assembly != null) {
      // Not paused first: the caller holds the upload's lock, which a running assembly waits for.
      // A part being appended finishes first (the writer's close waits for it), later ones fail.
      assembly.discard();
    }
  }

  /**
   * The parts of one upload appended, in order and in the background, to a blob writer while the
   * later parts are still arriving, so that completion has only the rest to append (the hashing and
   * copying of the parts already there overlaps the upload). Part {@code n} is appended once parts
   * 1 to {@code n - 1} are; its ETag is recorded with it, and completion keeps what was appended
   * only if every one of those parts still has that ETag (a part sent again with other bytes makes
   * completion assemble the whole zip again). Each part is read through a channel opened under the
   * upload's lock, so its bytes are those of the ETag read with it, even when a new PUT of the part
   * replaces the file meanwhile. Kept in memory only: after a restart, completion assembles
   * everything.
   */
  private final class Assembly {
    private final String uploadId;
    private final List<String> etags = new ArrayList<>();
    private BlobStore.BlobWriter writer;
    private boolean running;
    private boolean paused;
    private boolean finished;

    Assembly(String uploadId) {
      this.uploadId = uploadId;
    }

    /** Schedules a run unless one is going or the assembly is paused or finished. */
    synchronized void wake() {
      if (running || paused || finished) {
        return;
      }
      running = true;
      ASSEMBLER.execute(this::run);
    }

    /** Waits until no part is being appended and stops further appending until resumed. */
    synchronized void pause() {
      paused = true;
      boolean interrupted = false;
      while (running) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true; // an append is bounded by one part; finish waiting for it
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    synchronized void resume() {
      paused = false;
      wake();
    }

    synchronized int appended() {
      return etags.size();
    }

    synchronized int awaitAppended(int parts, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (etags.size() < parts && !finished) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return etags.size();
    }

    /**
     * The writer, taken over by the caller, when what was appended is a prefix of the parts
     * completed with {@code completedEtags}; otherwise null (and the assembly stays to be
     * discarded).
     */
    synchronized BlobStore.BlobWriter takeIfPrefixOf(List<String> completedEtags) {
      if (writer == null || etags.size() > completedEtags.size()) {
        return null;
      }
      for (int i = 0; i < etags.size(); i++) {
        if (!etags.get(i).equalsIgnoreCase(completedEtags.get(i))) {
          return null;
        }
      }
      BlobStore.BlobWriter taken = writer;
      writer = null;
      finished = true;
      return taken;
    }

    /** Drops what was appended. */
    synchronized void discard() {
      finished = true;
      closeWriter();
    }

    private void closeWriter() {
      if (writer != null) {
        try {
          writer.close();
        } catch (IOException e) {
          // a temp file left behind is removed when the blob store next starts
        }
        writer = null;
      }
    }

    private void run() {
      while (true) {
        FileChannel source;
        String etag;
        synchronized (lock(uploadId)) {
          synchronized (this) {
            if (paused || finished) {
              stop();
              return;
            }
            if (!Files.isDirectory(dir(uploadId))) {
              // Completed (or swept) meanwhile: a PUT that finished just before woke this.
              assemblies.remove(uploadId, this);
              finished = true;
              closeWriter();
              stop();
              return;
            }
            int next = etags.size() + 1;
            etag = readEtag(uploadId, next);
            Path file = partFile(uploadId, next);
            if (etag == null || !Files.exists(file)) {
              stop(); // a PUT finishing part next wakes this again
              return;
            }
            try {
              source = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException e) {
              stop();
              return;
            }
          }
        }
        try (source) {
          BlobStore.BlobWriter w;
          synchronized (this) {
            if (writer == null) {
              writer = blobs.newWriter();
            }
            w = writer;
          }
          w.append(source);
          synchronized (this) {
            etags.add(etag);
            notifyAll();
          }
        } catch (IOException | RuntimeException e) {
          synchronized (this) {
            finished = true; // completion assembles everything
            closeWriter();
            stop();
          }
          return;
        }
      }
    }

    private void stop() {
      running = false;
      notifyAll();
    }
  }

  private static String partPath(String uploadId, int partNumber) {
    return PART_PATH + uploadId + "/parts/" + partNumber;
  }

  private String readEtag(String uploadId, int partNumber) {
    try {
      return Files.readString(
          dir(uploadId).resolve(partNumber + ".md5"), StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void deleteParts(String uploadId) {
    try (Stream<Path> files = Files.list(dir(uploadId))) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir(uploadId));
    } catch (IOException e) {
      // A leftover part is harmless: the upload is STORED and takes no more parts.
    }
  }

  private static String unquote(String etag) {
    String e = etag == null ? "" : etag.trim();
    return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")
        ? e.substring(1, e.length() - 1)
        : e;
  }

  private static DomainException partError(String reason, int partNumber, String message) {
    return new DomainException(
        DomainException.Kind.INVALID_ARGUMENT,
        reason,
        message,
        Map.of("part_number", Integer.toString(partNumber)));
  }

  private static DomainException completed(String uploadId) {
    return new DomainException(
        DomainException.Kind.FAILED_PRECONDITION,
        "UPLOAD_COMPLETED",
        "The multipart upload '" + uploadId + "' is completed or being completed.");
  }

  private static DomainException expired(String uploadId) {
    return DomainException.notFound(
        "UPLOAD_EXPIRED",
        "The multipart upload '"
            + uploadId
            + "' expired before it was completed and its parts were removed; start a new one.");
  }

  private static DomainException signatureInvalid() {
    return new DomainException(
        DomainException.Kind.PERMISSION_DENIED,
        "UPLOAD_SIGNATURE_INVALID",
        "The part URL's signature does not match; use the URL exactly as minted.");
  }

  /** One part PUT in progress: bytes go to the part's own temporary file. */
  public final class PartReceiving implements AutoCloseable {
    private final String uploadId;
    private final int partNumber;
    private final Path dir;
    private final Path temp;
    private final OutputStream out;
    private final MessageDigest md5;
    private long size;
    private boolean closed;
    private UploadStaging.PartSink sink; // staged mode: the part's bytes go here

    private PartReceiving(String uploadId, int partNumber, Path dir, Path temp, OutputStream out) {
      this.uploadId = uploadId;
      this.partNumber = partNumber;
      this.dir = dir;
      this.temp = temp;
      this.out = out;
      try {
        this.md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("MD5 is unavailable", e);
      }
    }

    public int partNumber() {
      return partNumber;
    }

    public String uploadId() {
      return uploadId;
    }

    /** Appends bytes. */
    public void write(byte[] bytes, int off, int len) {
      try {
        out.write(bytes, off, len);
        md5.update(bytes, off, len);
        size += len;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Makes this the part's content (replacing an earlier PUT); returns the hex MD5. */
    public String finish() {
      if (sink != null) {
        return finishStaged(this, sink, md5);
      }
      String etag = HexFormat.of().formatHex(md5.digest());
      try {
        out.close();
        closed = true;
        synchronized (lock(uploadId)) {
          UploadSlot slot = uploads.find(uploadId).orElseThrow(() -> expired(uploadId));
          if (slot.state() != UploadSlot.State.MINTED) {
            throw completed(uploadId);
          }
          if (slot.expires().isBefore(clock.instant())) {
            throw expired(uploadId);
          }
          Files.move(
              temp,
              dir.resolve(partNumber + ".part"),
              StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
          Files.writeString(dir.resolve(partNumber + ".md5"), etag, StandardCharsets.US_ASCII);
        }
        advance(uploadId);
        return etag;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public long size() {
      return size;
    }

    /** Discards the bytes of a PUT that did not finish. */
    @Override
    public void close() {
      if (sink != null) {
        closeStaged(sink);
        return;
      }
      try {
        if (!closed) {
          out.close();
          closed = true;
        }
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  // ---- Staged mode (parts in an UploadStaging every replica reaches, e.g. GridFS) ----

  /** Orphaned staged bytes older than this are removed by the sweep (a PUT killed midway). */
  static final Duration ORPHAN_AGE = Duration.ofDays(1);

  private PartReceiving receiveStaged(String uploadId, int partNumber) {
    UploadStaging.PartSink sink;
    try {
      sink = staging.newPart(uploadId, partNumber);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PartReceiving receiving = new PartReceiving(uploadId, partNumber, null, null, sink.stream());
    receiving.sink = sink;
    return receiving;
  }

  /** Publishes a staged part once its upload still takes parts; returns its ETag. */
  private String finishStaged(PartReceiving part, UploadStaging.PartSink sink, MessageDigest md5) {
    String etag = HexFormat.of().formatHex(md5.digest());
    String uploadId = part.uploadId();
    UploadSlot slot = uploads.find(uploadId).orElseThrow(() -> expired(uploadId));
    slot = reopenIfAbandoned(slot);
    if (slot.state() != UploadSlot.State.MINTED) {
      throw completed(uploadId);
    }
    if (slot.expires().isBefore(clock.instant())) {
      throw expired(uploadId);
    }
    try {
      sink.publish(etag, part.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return etag;
  }

  private static void closeStaged(UploadStaging.PartSink sink) {
    try {
      sink.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Completion in staged mode: the parts named are checked against the stored parts (ETag, order,
   * sizes, as for files), the upload is claimed in the database (so one completion wins across
   * replicas) and the parts are streamed one after another into a blob writer. A part replaced by a
   * PUT finishing during the completion makes the completion fail (its old bytes are removed) and
   * the upload take a completion again.
   */
  private Completed completeStaged(String tenantId, UploadSlot slot, List<Part> parts) {
    String uploadId = slot.uploadId();
    if (parts.isEmpty()) {
      throw DomainException.invalid("PARTS_MISSING", "parts must list every uploaded part");
    }
    List<Part> sorted = parts.stream().sorted(Comparator.comparingInt(Part::partNumber)).toList();
    List<UploadStaging.StagedPart> staged = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < sorted.size(); i++) {
      Part part = sorted.get(i);
      int expectedNumber = i + 1;
      if (part.partNumber() != expectedNumber) {
        throw partError(
            "PART_MISSING",
            expectedNumber,
            part.partNumber() < expectedNumber
                ? "Part " + part.partNumber() + " is listed twice."
                : "Part " + expectedNumber + " is missing from the list of parts.");
      }
      UploadStaging.StagedPart stored =
          staging
              .part(uploadId, part.partNumber())
              .orElseThrow(
                  () ->
                      partError(
                          "PART_MISSING",
                          part.partNumber(),
                          "Part " + part.partNumber() + " has not been uploaded."));
      if (!stored.etag().equalsIgnoreCase(unquote(part.etag()))) {
        throw partError(
            "PART_ETAG_MISMATCH",
            part.partNumber(),
            "The ETag of part "
                + part.partNumber()
                + " does not match the uploaded part (\""
                + stored.etag()
                + "\").");
      }
      if (i < sorted.size() - 1 && stored.size() < partSize) {
        throw partError(
            "PART_TOO_SMALL",
            part.partNumber(),
            "Part "
                + part.partNumber()
                + " has "
                + stored.size()
                + " bytes; every part but the last must have "
                + partSize
                + ".");
      }
      staged.add(stored);
      total += stored.size();
    }
    if (slot.declaredSize() > 0 && total != slot.declaredSize()) {
      throw DomainException.invalid(
          "BODY_SIZE_MISMATCH",
          "The parts hold " + total + " bytes but file_size was " + slot.declaredSize() + ".");
    }
    // Released in the finally below: once stored, the upload counts itself.
    try (Quotas.Reservation reserved = quotas.reserveBytes(tenantId, uploadId, total, null)) {
      return completeStagedReserved(slot, staged, total);
    }
  }

  private Completed completeStagedReserved(
      UploadSlot slot, List<UploadStaging.StagedPart> staged, long total) {
    String uploadId = slot.uploadId();
    String holder = "complete-" + UUID.randomUUID();
    Instant renewed = clock.instant();
    if (!uploads.claim(uploadId, holder, renewed)) {
      throw completed(uploadId);
    }
    boolean stored = false;
    try (BlobStore.BlobWriter w = blobs.newWriter()) {
      for (UploadStaging.StagedPart part : staged) {
        long copied;
        try (InputStream in = staging.open(part.ref())) {
          copied = in.transferTo(w.stream());
        }
        if (copied != part.size()) {
          throw new IOException(
              "part " + part.partNumber() + " of " + uploadId + " was replaced while completing");
        }
        Instant now = clock.instant();
        if (Duration.between(renewed, now).compareTo(claimLease.dividedBy(3)) >= 0) {
          if (!uploads.renew(uploadId, holder, now)) {
            throw new IllegalStateException("upload " + uploadId + " was taken over");
          }
          renewed = now;
        }
      }
      w.commit(
          blobId -> {
            if (!uploads.complete(uploadId, holder, blobId)) {
              throw new IllegalStateException("upload " + uploadId + " was not receiving");
            }
          });
      stored = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (!stored) {
        uploads.release(uploadId, holder);
      }
    }
    staging.deleteUpload(uploadId);
    return new Completed(uploads.find(uploadId).orElseThrow(), total);
  }

  /**
   * The sweep in staged mode: the staged bytes of uploads that expired uncompleted, are stored or
   * unknown go (on whichever replica runs it), and so do bytes of PUTs killed midway once a day
   * old.
   */
  private int sweepStaged() {
    Instant now = clock.instant();
    int swept = 0;
    for (String uploadId : staging.uploadIds()) {
      boolean live =
          uploads
              .find(uploadId)
              .filter(s -> s.state() != UploadSlot.State.STORED && !s.expires().isBefore(now))
              .isPresent();
      if (!live) {
        staging.deleteUpload(uploadId);
        swept++;
      }
    }
    staging.sweepOrphans(ORPHAN_AGE);
    return swept;
  }
}
