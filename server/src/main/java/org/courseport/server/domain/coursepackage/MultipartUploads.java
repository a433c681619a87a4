package org.courseport.server.domain.coursepackage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import java.util.HashMap;
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
import org.courseport.server.domain.Checkpoints;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;

/**
 * The multipart upload flow for large packages: an upload is started, each part is sent with one
 * signed PUT (streamed, with its MD5 as ETag; the last complete PUT of a part wins) in place into
 * the upload's data file, or into a file of its own when its place is taken; the zip's SHA-256 is
 * computed over the parts in order while they arrive, and completion moves the data file into the
 * blob store, after which the upload's {@code storage_path} is processed like a presigned upload's.
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
  private volatile Checkpoints checkpoints = Checkpoints.NONE;

  /** Checkpoint of an aligned completion: the data file is cut to the total and hashed. */
  public static final String CHECKPOINT_HASHED = "multipart.complete.hashed";

  /** Checkpoint: a second name of the data file (a hard link) exists for the blob store. */
  public static final String CHECKPOINT_LINKED = "multipart.complete.linked";

  /** Checkpoint: the blob is published, the upload not yet STORED. */
  public static final String CHECKPOINT_PUBLISHED = "multipart.complete.published";

  /** Checkpoint: the upload is STORED, its parts not yet removed. */
  public static final String CHECKPOINT_STORED = "multipart.complete.stored";

  /** Most uploads hashed ahead at once; others are hashed whole at completion. */
  static final int MAX_ASSEMBLIES = 8;

  private final Map<String, Assembly> assemblies = new ConcurrentHashMap<>();

  /** The file of an upload's parts written in place, part n at {@code (n - 1) × part size}. */
  static final String DATA_FILE = "data";

  /** Read buffer of the SHA-256 over the parts (off-heap, one per hashing thread). */
  private static final int HASH_BUFFER = 1024 * 1024;

  /** Per upload, the PUTs writing into its data file now, by part number (under the lock). */
  private final Map<String, Map<Integer, PartReceiving>> inPlaceWriters = new ConcurrentHashMap<>();

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

  /** Sets the checkpoints that the completion passes (for crash tests). */
  public MultipartUploads checkpoints(Checkpoints checkpoints) {
    this.checkpoints = checkpoints;
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
            revokeInPlaceWriters(uploadId);
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
      synchronized (lock(uploadId)) {
        // The first PUT of a part writes in place; a part written there (or in a file of its own)
        // is never overwritten there while the upload takes parts, so later PUTs, and one
        // overlapping the first, write a file of their own (the last one completed wins).
        Map<Integer, PartReceiving> writers =
            inPlaceWriters.computeIfAbsent(uploadId, id -> new HashMap<>());
        if (!writers.containsKey(partNumber)
            && !Files.exists(dir.resolve(partNumber + ".in"))
            && !Files.exists(dir.resolve(partNumber + ".md5"))) {
          FileChannel data =
              FileChannel.open(
                  dir.resolve(DATA_FILE),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ, // a body longer than a part is copied out (spill)
                  StandardOpenOption.WRITE);
          PartReceiving receiving =
              new PartReceiving(uploadId, partNumber, dir, data, (partNumber - 1L) * partSize);
          writers.put(partNumber, receiving);
          return receiving;
        }
      }
      Path temp = dir.resolve("tmp-" + UUID.randomUUID());
      return new PartReceiving(uploadId, partNumber, dir, temp, sideFile(temp));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FileChannel sideFile(Path temp) throws IOException {
    return FileChannel.open(
        temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
  }

  /** A part named in a completion. */
  public record Part(int partNumber, String etag) {}

  /** A completed upload and the size of its assembled zip. */
  public record Completed(UploadSlot slot, long size) {}

  /**
   * Assembles the parts into the upload's zip in the blob store; the upload becomes STORED. When
   * every part but the last has exactly the part size, the zip is the upload's data file itself
   * (parts written in place; a part whose last PUT went to a file of its own is copied into its
   * place, file to file in the kernel), truncated to the total and moved into the blob store
   * without a copy; its SHA-256 continues from what the in-order hasher (see {@link Assembly})
   * computed while the parts arrived, as far as every part hashed still has the ETag it had then.
   * Otherwise the parts are copied one after another into a new blob.
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
        List<StoredPart> stored = new ArrayList<>();
        List<String> etags = new ArrayList<>();
        long total = 0;
        boolean aligned = true;
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
          StoredPart found;
          try {
            found = stored(uploadId, part.partNumber());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          if (found == null) {
            throw partError(
                "PART_MISSING",
                part.partNumber(),
                "Part " + part.partNumber() + " has not been uploaded.");
          }
          if (!found.etag().equalsIgnoreCase(unquote(part.etag()))) {
            throw partError(
                "PART_ETAG_MISMATCH",
                part.partNumber(),
                "The ETag of part "
                    + part.partNumber()
                    + " does not match the uploaded part (\""
                    + found.etag()
                    + "\").");
          }
          long size = found.size();
          boolean last = i == sorted.size() - 1;
          if (!last && size < partSize) {
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
          aligned &= last || size == partSize;
          stored.add(found);
          etags.add(found.etag());
          total += size;
        }
        if (slot.declaredSize() > 0 && total != slot.declaredSize()) {
          throw DomainException.invalid(
              "BODY_SIZE_MISMATCH",
              "The parts hold " + total + " bytes but file_size was " + slot.declaredSize() + ".");
        }
        // Released in the finally below: once stored, the upload counts itself.
        reserved = quotas.reserveBytes(tenantId, uploadId, total, null);
        Claim claim = claim(uploadId);
        claimed = true;
        // No PUT writes into the data file from now on (one still under way fails).
        revokeInPlaceWriters(uploadId);
        Assembly late = assemblies.remove(uploadId);
        if (late != null && late != ahead) {
          late.discard(); // started by a PUT that finished after this completion looked
        }
        Hashed hashed = ahead == null ? Hashed.NONE : ahead.take(etags);
        boolean done = false;
        try {
          if (aligned) {
            completeInPlace(claim, stored, total, hashed);
          } else {
            completeCopied(claim, stored);
          }
          done = true;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          if (!done) {
            uploads.release(uploadId, claim.holder);
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

  /**
   * The aligned completion: parts whose content is a file of their own are copied into their place
   * in the data file, which is cut to the total, hashed from where the in-order hasher stopped and
   * moved into the blob store.
   */
  private void completeInPlace(Claim claim, List<StoredPart> parts, long total, Hashed hashed)
      throws IOException {
    String uploadId = claim.uploadId;
    Path data = dir(uploadId).resolve(DATA_FILE);
    try (FileChannel out =
        FileChannel.open(
            data, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      for (int i = 0; i < parts.size(); i++) {
        StoredPart part = parts.get(i);
        if (part.file() != null) {
          try (FileChannel in = FileChannel.open(part.file(), StandardOpenOption.READ)) {
            copy(in, 0, part.size(), out, i * partSize);
          }
          claim.renewIfDue();
        }
      }
      forgetInPlacePartsAfter(uploadId, parts.size());
      out.truncate(total);
      MessageDigest sha = hashed.state() != null ? hashed.state() : sha256();
      ByteBuffer buffer = ByteBuffer.allocateDirect(HASH_BUFFER);
      for (int i = hashed.parts(); i < parts.size(); i++) {
        hash(out, i * partSize, parts.get(i).size(), sha, buffer);
        claim.renewIfDue();
      }
      String blobId = HexFormat.of().formatHex(sha.digest());
      out.close();
      checkpoints.reached(CHECKPOINT_HASHED);
      // The blob store takes over a second name of the data file (a hard link), so that the parts
      // written in place stay where their records say should that fail or the process die
      // meanwhile (a completion again then finds them). Without links, the data file itself goes,
      // and the parts written in place count as not uploaded, not as bytes of a file gone.
      Path adopted = dir(uploadId).resolve("tmp-adopt-" + UUID.randomUUID());
      try {
        Files.createLink(adopted, data);
      } catch (UnsupportedOperationException | IOException e) {
        forgetInPlacePartsAfter(uploadId, 0);
        adopted = data;
      }
      checkpoints.reached(CHECKPOINT_LINKED);
      blobs.adopt(
          adopted,
          blobId,
          id -> {
            checkpoints.reached(CHECKPOINT_PUBLISHED);
            if (!uploads.complete(uploadId, claim.holder, id)) {
              throw new IllegalStateException("upload " + uploadId + " was not receiving");
            }
          });
      checkpoints.reached(CHECKPOINT_STORED);
    }
  }

  /**
   * Forgets the parts written in place after the last one completed: the data file is cut after it,
   * and should this completion fail, they count as not uploaded (rather than as bytes cut off).
   */
  private void forgetInPlacePartsAfter(String uploadId, int lastPart) throws IOException {
    try (Stream<Path> files = Files.list(dir(uploadId))) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.matches("[0-9]{1,5}\\.in")
            && Integer.parseInt(name.substring(0, name.length() - 3)) > lastPart) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /** Parts of other sizes than the part size: copied one after another into a new blob. */
  private void completeCopied(Claim claim, List<StoredPart> parts) throws IOException {
    String uploadId = claim.uploadId;
    try (BlobStore.BlobWriter w = blobs.newWriter()) {
      ByteBuffer buffer = ByteBuffer.allocate(HASH_BUFFER);
      for (int i = 0; i < parts.size(); i++) {
        StoredPart part = parts.get(i);
        if (part.file() != null) {
          try (FileChannel source = FileChannel.open(part.file(), StandardOpenOption.READ)) {
            w.append(source);
          }
        } else {
          try (FileChannel source =
              FileChannel.open(dir(uploadId).resolve(DATA_FILE), StandardOpenOption.READ)) {
            long position = (i) * partSize;
            for (long left = part.size(); left > 0; ) {
              buffer.clear().limit((int) Math.min(buffer.capacity(), left));
              int n = source.read(buffer, position);
              if (n < 0) {
                throw new IOException("part " + (i + 1) + " of " + uploadId + " is cut short");
              }
              w.stream().write(buffer.array(), 0, n);
              position += n;
              left -= n;
            }
          }
        }
        claim.renewIfDue();
      }
      w.commit(
          blobId -> {
            if (!uploads.complete(uploadId, claim.holder, blobId)) {
              throw new IllegalStateException("upload " + uploadId + " was not receiving");
            }
          });
    }
  }

  /** A completion's hold on its upload, renewed while it works so that it is not taken over. */
  private final class Claim {
    final String uploadId;
    final String holder = "complete-" + UUID.randomUUID();
    private Instant renewed;

    Claim(String uploadId) {
      this.uploadId = uploadId;
    }

    void renewIfDue() {
      Instant now = clock.instant();
      if (Duration.between(renewed, now).compareTo(claimLease.dividedBy(3)) >= 0) {
        if (!uploads.renew(uploadId, holder, now)) {
          throw new IllegalStateException("upload " + uploadId + " was taken over");
        }
        renewed = now;
      }
    }
  }

  /** Claims the upload for a completion (one wins, across replicas) or refuses it as completed. */
  private Claim claim(String uploadId) {
    Claim claim = new Claim(uploadId);
    claim.renewed = clock.instant();
    if (!uploads.claim(uploadId, claim.holder, claim.renewed)) {
      throw completed(uploadId);
    }
    return claim;
  }

  /** Copies {@code count} bytes between files in the kernel (no buffer in this process). */
  static void copy(FileChannel from, long fromPosition, long count, FileChannel to, long toPosition)
      throws IOException {
    to.position(toPosition);
    while (count > 0) {
      long n = from.transferTo(fromPosition, count, to);
      if (n <= 0) {
        throw new IOException("the part file ended " + count + " bytes early");
      }
      fromPosition += n;
      count -= n;
    }
  }

  /** Feeds {@code count} bytes of {@code source} from {@code position} to {@code sha}. */
  static void hash(
      FileChannel source, long position, long count, MessageDigest sha, ByteBuffer buffer)
      throws IOException {
    while (count > 0) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), count));
      int n = source.read(buffer, position);
      if (n < 0) {
        throw new IOException("a part ended " + count + " bytes early");
      }
      buffer.flip();
      sha.update(buffer);
      position += n;
      count -= n;
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
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

  /**
   * Waits until the first {@code parts} parts of the upload have been hashed ahead of its
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

  /** What the in-order hasher had hashed when a completion took it over. */
  record Hashed(int parts, MessageDigest state) {
    static final Hashed NONE = new Hashed(0, null);
  }

  /**
   * The in-order hasher of one upload: the SHA-256 of parts 1, 2, … computed in the background
   * while the later parts are still arriving, so that completion has only the rest to hash (the
   * hashing overlaps the upload). Part {@code n} is hashed once parts 1 to {@code n - 1} are; its
   * ETag is recorded with it, and with it the digest's state after it. Completion keeps the state
   * after the longest prefix of parts that still have the ETag they had when hashed (a part sent
   * again with other bytes makes it hash again from there). Each part is read through a channel
   * opened under the upload's lock: a part written in place is never written again while the upload
   * takes parts, and a part file replaced by a later PUT keeps its bytes for the open channel, so
   * the bytes hashed are those of the ETag read with them. Kept in memory only: after a restart,
   * completion hashes everything.
   */
  private final class Assembly {
    private final String uploadId;
    private final List<String> etags = new ArrayList<>();
    private final List<MessageDigest> states = new ArrayList<>(); // the digest after each part
    private MessageDigest sha;
    private ByteBuffer buffer; // the runs' read buffer, off-heap
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

    /** Waits until no part is being hashed and stops further hashing until resumed. */
    synchronized void pause() {
      paused = true;
      boolean interrupted = false;
      while (running) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true; // hashing is bounded by one part; finish waiting for it
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
     * Ends the hashing and hands over the digest after the longest prefix of the parts completed
     * with {@code completedEtags} that was hashed with those same ETags.
     */
    synchronized Hashed take(List<String> completedEtags) {
      finished = true;
      int kept = 0;
      while (kept < etags.size()
          && kept < completedEtags.size()
          && etags.get(kept).equalsIgnoreCase(completedEtags.get(kept))) {
        kept++;
      }
      return kept == 0 ? Hashed.NONE : new Hashed(kept, copyOf(states.get(kept - 1)));
    }

    /** Drops what was hashed. */
    synchronized void discard() {
      finished = true;
    }

    private void run() {
      if (buffer == null) {
        buffer = ByteBuffer.allocateDirect(HASH_BUFFER); // one run at a time: kept between runs
      }
      while (true) {
        FileChannel source;
        StoredPart part;
        int next;
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
              stop();
              return;
            }
            next = etags.size() + 1;
            try {
              part = stored(uploadId, next);
              if (part == null) {
                stop(); // a PUT finishing part next wakes this again
                return;
              }
              source =
                  FileChannel.open(
                      part.file() != null ? part.file() : dir(uploadId).resolve(DATA_FILE),
                      StandardOpenOption.READ);
            } catch (IOException | RuntimeException e) {
              stop();
              return;
            }
          }
        }
        try (source) {
          MessageDigest digest;
          synchronized (this) {
            if (sha == null) {
              sha = sha256();
            }
            digest = sha;
          }
          long from = part.file() != null ? 0 : (next - 1) * partSize;
          hash(source, from, part.size(), digest, buffer);
          synchronized (this) {
            etags.add(part.etag());
            states.add(copyOf(digest));
            notifyAll();
          }
        } catch (IOException | RuntimeException e) {
          synchronized (this) {
            finished = true; // completion hashes everything
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

  private static MessageDigest copyOf(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the SHA-256 digest cannot be copied", e);
    }
  }

  /**
   * A part as stored: its ETag, size and own file, or no file when its bytes are in place in the
   * upload's data file at {@code (n - 1) × part size}.
   */
  record StoredPart(String etag, long size, Path file) {}

  /**
   * The part's current content: its own file when its last completed PUT wrote one ({@code n.part}
   * with its ETag in {@code n.md5}), else its place in the data file when a PUT wrote it there
   * ({@code n.in}: ETag and size); null when it has not been uploaded.
   */
  private StoredPart stored(String uploadId, int partNumber) throws IOException {
    Path dir = dir(uploadId);
    String etag = readAscii(dir.resolve(partNumber + ".md5"));
    if (etag != null) {
      try {
        Path file = dir.resolve(partNumber + ".part");
        return new StoredPart(etag, Files.size(file), file);
      } catch (NoSuchFileException e) {
        return null;
      }
    }
    String record = readAscii(dir.resolve(partNumber + ".in"));
    if (record == null) {
      return null;
    }
    int space = record.indexOf(' ');
    return new StoredPart(
        record.substring(0, space), Long.parseLong(record.substring(space + 1).trim()), null);
  }

  private static String readAscii(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Stops the PUTs writing into the upload's data file (each fails); caller holds the lock. */
  private void revokeInPlaceWriters(String uploadId) {
    Map<Integer, PartReceiving> writers = inPlaceWriters.remove(uploadId);
    if (writers != null) {
      for (PartReceiving writer : writers.values()) {
        writer.revoke();
      }
    }
  }

  private static String partPath(String uploadId, int partNumber) {
    return PART_PATH + uploadId + "/parts/" + partNumber;
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

  /**
   * One part PUT in progress. Its bytes go in place into the upload's data file (the first PUT of a
   * part, up to the part size: a longer body moves what it wrote to a file of its own and goes on
   * there), or into a temporary file of its own that becomes the part's file when the PUT is whole,
   * or (staged mode) into the staging. Either way they are hashed with MD5 on the way (the ETag)
   * and made durable before the PUT is answered.
   */
  public final class PartReceiving implements AutoCloseable {
    private final String uploadId;
    private final int partNumber;
    private final Path dir;
    private final MessageDigest md5;
    private FileChannel channel; // file mode: the data file (in place) or the temp file
    private long base; // where the part starts in the channel
    private boolean inPlace;
    private boolean revoked; // in place: a completion (or sweep) took the data file over
    private Path temp; // a file of its own
    private OutputStream out; // staged mode
    private long size;
    private boolean closed;
    private UploadStaging.PartSink sink; // staged mode: the part's bytes go here

    /** In place: into {@code data} from {@code base}. */
    private PartReceiving(String uploadId, int partNumber, Path dir, FileChannel data, long base) {
      this(uploadId, partNumber, dir);
      this.channel = data;
      this.base = base;
      this.inPlace = true;
    }

    /** Into a file of its own, {@code temp}. */
    private PartReceiving(
        String uploadId, int partNumber, Path dir, Path temp, FileChannel tempChannel) {
      this(uploadId, partNumber, dir);
      this.temp = temp;
      this.channel = tempChannel;
    }

    /** Staged mode: into {@code out}. */
    private PartReceiving(String uploadId, int partNumber, OutputStream out) {
      this(uploadId, partNumber, (Path) null);
      this.out = out;
    }

    private PartReceiving(String uploadId, int partNumber, Path dir) {
      this.uploadId = uploadId;
      this.partNumber = partNumber;
      this.dir = dir;
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
        if (out != null) {
          out.write(bytes, off, len);
        } else {
          if (inPlace && size + len > partSize) {
            spill();
          }
          ByteBuffer buffer = ByteBuffer.wrap(bytes, off, len);
          if (inPlace) {
            synchronized (this) {
              if (revoked) {
                throw completed(uploadId);
              }
              writeFully(buffer, base + size);
            }
          } else {
            writeFully(buffer, base + size);
          }
        }
        md5.update(bytes, off, len);
        size += len;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void writeFully(ByteBuffer buffer, long position) throws IOException {
      while (buffer.hasRemaining()) {
        position += channel.write(buffer, position);
      }
    }

    /**
     * A body longer than the part size: what was written in place is copied to a file of its own,
     * where the rest goes; the part's place in the data file is free again.
     */
    private void spill() throws IOException {
      synchronized (lock(uploadId)) {
        synchronized (this) {
          if (revoked) {
            throw completed(uploadId);
          }
          Path side = dir.resolve("tmp-" + UUID.randomUUID());
          FileChannel sideChannel = sideFile(side);
          try {
            copy(channel, base, size, sideChannel, 0);
          } catch (IOException | RuntimeException e) {
            sideChannel.close();
            Files.deleteIfExists(side);
            throw e;
          }
          Map<Integer, PartReceiving> writers = inPlaceWriters.get(uploadId);
          if (writers != null) {
            writers.remove(partNumber, this);
          }
          channel.close();
          channel = sideChannel;
          temp = side;
          base = 0;
          inPlace = false;
        }
      }
    }

    /** No more writes in place (a completion or the sweep took the data file over). */
    synchronized void revoke() {
      revoked = true;
      closeChannel();
    }

    /** Makes this the part's content (replacing an earlier PUT); returns the hex MD5. */
    public String finish() {
      if (sink != null) {
        return finishStaged(this, sink, md5);
      }
      String etag = HexFormat.of().formatHex(md5.digest());
      try {
        // Acknowledged means durable: once per part, when it is whole.
        channel.force(false);
        synchronized (lock(uploadId)) {
          UploadSlot slot = uploads.find(uploadId).orElseThrow(() -> expired(uploadId));
          if (slot.state() != UploadSlot.State.MINTED) {
            throw completed(uploadId);
          }
          if (slot.expires().isBefore(clock.instant())) {
            throw expired(uploadId);
          }
          if (inPlace) {
            synchronized (this) {
              if (revoked) {
                throw completed(uploadId);
              }
            }
            Path record = dir.resolve("tmp-" + UUID.randomUUID());
            Files.writeString(record, etag + " " + size, StandardCharsets.US_ASCII);
            Files.move(
                record,
                dir.resolve(partNumber + ".in"),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
            // The last PUT completed wins: an earlier one's file of its own goes.
            Files.deleteIfExists(dir.resolve(partNumber + ".md5"));
            Files.deleteIfExists(dir.resolve(partNumber + ".part"));
            Map<Integer, PartReceiving> writers = inPlaceWriters.get(uploadId);
            if (writers != null) {
              writers.remove(partNumber, this);
            }
            inPlace = false; // written: close() must not free the place again
          } else {
            closeChannel();
            Files.move(
                temp,
                dir.resolve(partNumber + ".part"),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(dir.resolve(partNumber + ".md5"), etag, StandardCharsets.US_ASCII);
          }
        }
        closeChannel();
        advance(uploadId);
        return etag;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private synchronized void closeChannel() {
      if (!closed && channel != null) {
        closed = true;
        try {
          channel.close();
        } catch (IOException e) {
          // nothing was left to write
        }
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
      if (inPlace) {
        // Not finished: the place is free again (what was written there is not the part's).
        synchronized (lock(uploadId)) {
          Map<Integer, PartReceiving> writers = inPlaceWriters.get(uploadId);
          if (writers != null) {
            writers.remove(partNumber, this);
          }
        }
        closeChannel();
        return;
      }
      closeChannel();
      try {
        if (temp != null) {
          Files.deleteIfExists(temp);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  // ---- Staged mode (parts in an UploadStaging every replica reaches, e.g. GridFS) ----

  /** Default of {@link #orphanAgeFrom}: one day. */
  static final Duration DEFAULT_ORPHAN_AGE = Duration.ofDays(1);

  /** Orphaned staged bytes older than this are removed by the sweep (a PUT killed midway). */
  private volatile Duration orphanAge = DEFAULT_ORPHAN_AGE;

  /**
   * How old staged bytes that no part record claims (a PUT killed midway) must be before the sweep
   * removes them, from {@code COURSEPORT_MULTIPART_ORPHAN_AGE_SECONDS}, default one day; keep it
   * above the longest part PUT.
   */
  public static Duration orphanAgeFrom(Map<String, String> env) {
    return Duration.ofSeconds(
        positive(env, "COURSEPORT_MULTIPART_ORPHAN_AGE_SECONDS", DEFAULT_ORPHAN_AGE.toSeconds()));
  }

  /** Sets the age of {@link #orphanAgeFrom}. */
  public MultipartUploads orphanAge(Duration age) {
    if (age.isNegative() || age.isZero()) {
      throw new IllegalArgumentException("the orphan age must be positive, got " + age);
    }
    this.orphanAge = age;
    return this;
  }

  private PartReceiving receiveStaged(String uploadId, int partNumber) {
    UploadStaging.PartSink sink;
    try {
      sink = staging.newPart(uploadId, partNumber);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PartReceiving receiving = new PartReceiving(uploadId, partNumber, sink.stream());
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
    Claim claim = claim(uploadId);
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
        claim.renewIfDue();
      }
      w.commit(
          blobId -> {
            if (!uploads.complete(uploadId, claim.holder, blobId)) {
              throw new IllegalStateException("upload " + uploadId + " was not receiving");
            }
          });
      stored = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (!stored) {
        uploads.release(uploadId, claim.holder);
      }
    }
    staging.deleteUpload(uploadId);
    return new Completed(uploads.find(uploadId).orElseThrow(), total);
  }

  /**
   * The sweep in staged mode: the staged bytes of uploads that expired uncompleted, are stored or
   * unknown go (on whichever replica runs it), and so do bytes of PUTs killed midway once they are
   * older than the orphan age.
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
    staging.sweepOrphans(orphanAge);
    return swept;
  }
}
