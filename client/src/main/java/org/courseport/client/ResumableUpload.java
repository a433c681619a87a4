package org.courseport.client;

import io.grpc.Channel;
import io.grpc.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.courseport.api.v1.GetResumableUploadStatusResponse;
import org.courseport.api.v1.OpenResumableUploadResponse;
import org.courseport.api.v1.PackageServiceGrpc;
import org.courseport.api.v1.ResumableWriteFinish;
import org.courseport.api.v1.ResumableWriteStart;
import org.courseport.api.v1.WriteResumableUploadRequest;
import org.courseport.api.v1.WriteResumableUploadResponse;

/**
 * A resumable upload of a package zip through PackageService: opens the upload with the file's
 * size, streams the bytes with flow control, hashing them as they are sent, and ends the last
 * stream with the file's SHA-256 (one pass over the file; a server that wants the SHA-256 when the
 * upload is opened gets it then, from a pass of its own), and when the stream breaks (connection
 * lost, server unavailable) asks the server how many bytes it holds and continues from there, with
 * exponential backoff, up to a bounded number of consecutive failures (the count starts again
 * whenever the server holds more than before). Configure, then {@link #run()} once.
 */
public final class ResumableUpload {

  /**
   * Bytes per message: larger than the import's 64 KiB (fewer messages cost less per byte), yet
   * four fit in the server's default 1 MiB HTTP/2 flow-control window, so that the client keeps
   * sending while the server writes (1 MiB messages measured slower: one in flight at a time).
   */
  static final int CHUNK_SIZE = 256 * 1024;

  /** Consecutive failures without progress before giving up, by default. */
  public static final int DEFAULT_MAX_ATTEMPTS = 6;

  private final PackageCalls calls;
  private final Channel channel;
  private final Path zip;
  private String tenantId = "";
  private String uploadedBy = "";
  private String uploadId;
  private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
  private Duration initialBackoff = Duration.ofMillis(500);
  private Duration maxBackoff = Duration.ofSeconds(15);
  private ProgressListener progress = ProgressListener.NONE;
  private RetryListener retries = (attempt, max, failure, wait) -> {};
  private Sleeper sleeper = Thread::sleep;
  private String digestAtOpen; // the SHA-256 sent with the open (an older server), or null
  private volatile String sentDigest; // the SHA-256 the last finish message declared

  ResumableUpload(PackageCalls calls, Channel channel, Path zip) {
    this.calls = calls;
    this.channel = channel;
    this.zip = zip;
  }

  /** Told before each retry, e.g. to print it. */
  @FunctionalInterface
  public interface RetryListener {
    /**
     * @param attempt the number of the failed attempt, from 1
     * @param maxAttempts the most consecutive failed attempts allowed
     * @param failure why it failed
     * @param wait how long the upload waits before it continues
     */
    void onRetry(int attempt, int maxAttempts, CourseportException failure, Duration wait);
  }

  /** Waits between attempts (replaceable in tests). */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /** The caller's tenant UUID, checked by the server; empty (default) to take the key's. */
  public ResumableUpload tenantId(String tenantId) {
    this.tenantId = tenantId == null ? "" : tenantId;
    return this;
  }

  /** Who uploads (a free label kept with the upload). */
  public ResumableUpload uploadedBy(String uploadedBy) {
    this.uploadedBy = uploadedBy == null ? "" : uploadedBy;
    return this;
  }

  /** Continues an upload opened earlier (for example by a run that was interrupted). */
  public ResumableUpload continuing(String uploadId) {
    this.uploadId = uploadId;
    return this;
  }

  /** Consecutive failed attempts allowed and the backoff between them (doubling up to max). */
  public ResumableUpload retries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be 1 or more");
    }
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    return this;
  }

  /** Receives the bytes sent, counted from the start of the file (after a resume too). */
  public ResumableUpload progress(ProgressListener listener) {
    this.progress = listener;
    return this;
  }

  /** Receives each retry. */
  public ResumableUpload onRetry(RetryListener listener) {
    this.retries = listener;
    return this;
  }

  ResumableUpload sleeper(Sleeper sleeper) {
    this.sleeper = sleeper;
    return this;
  }

  /**
   * One stream of the upload.
   *
   * @param offset where it started
   * @param receivedBytes bytes the server says it carried, or -1 when it broke
   * @param failure why it broke ({@code reason or code}), or null
   */
  public record Attempt(long offset, long receivedBytes, String failure) {}

  /**
   * A completed upload.
   *
   * @param uploadId the upload's id
   * @param storagePath what ProcessPackage takes
   * @param tenantId the tenant's UUID (for ProcessPackage)
   * @param sha256 the zip's SHA-256, as the server checked it
   * @param size the zip's size in bytes
   * @param attempts every stream, in order
   */
  public record Result(
      String uploadId,
      String storagePath,
      String tenantId,
      String sha256,
      long size,
      List<Attempt> attempts) {}

  /** Opens (unless continuing), sends and resumes until the server holds the whole zip. */
  public Result run() throws IOException {
    long size = Files.size(zip);
    String tenant = tenantId;
    if (uploadId == null) {
      OpenResumableUploadResponse opened;
      try {
        opened =
            calls.openResumableUpload(tenantId, uploadedBy, zip.getFileName().toString(), size, "");
      } catch (CourseportException e) {
        if (!"SHA256_INVALID".equals(e.reason())) {
          throw e;
        }
        // A server that needs the SHA-256 up front (it finishes at the last byte): hash first.
        digestAtOpen = PackageCalls.sha256(zip);
        opened =
            calls.openResumableUpload(
                tenantId, uploadedBy, zip.getFileName().toString(), size, digestAtOpen);
      }
      uploadId = opened.getUploadId();
      tenant = opened.getTenantId();
    }
    List<Attempt> attempts = new ArrayList<>();
    int failures = 0;
    long held = -1;
    Duration backoff = initialBackoff;
    while (true) {
      long offset = -1;
      try {
        GetResumableUploadStatusResponse status = calls.resumableUploadStatus(uploadId);
        if (status.getFileSize() != size) {
          throw new IllegalArgumentException(
              "upload "
                  + uploadId
                  + " was opened for "
                  + status.getFileSize()
                  + " bytes but "
                  + zip
                  + " has "
                  + size);
        }
        if (status.getCommittedBytes() > held) {
          held = status.getCommittedBytes();
          failures = 0;
          backoff = initialBackoff;
        }
        if (status.getComplete()) {
          String sha256 =
              digestAtOpen != null
                  ? digestAtOpen
                  : sentDigest != null ? sentDigest : PackageCalls.sha256(zip);
          return new Result(
              uploadId, status.getStoragePath(), tenant, sha256, size, List.copyOf(attempts));
        }
        offset = status.getCommittedBytes();
        if (status.getWriting()) {
          throw new CourseportException(
              Status.ABORTED.withDescription("a stream is still writing to upload " + uploadId),
              "UPLOAD_BUSY",
              Map.of(),
              null);
        }
        WriteResumableUploadResponse written = send(offset, size);
        attempts.add(new Attempt(offset, written.getReceivedBytes(), null));
        if (written.getComplete()) {
          return new Result(
              uploadId,
              written.getStoragePath(),
              tenant,
              written.getSha256(),
              size,
              List.copyOf(attempts));
        }
      } catch (CourseportException e) {
        if (offset >= 0) {
          attempts.add(new Attempt(offset, -1, e.reasonOrCode()));
        }
        failures++;
        if (!retryable(e) || failures >= maxAttempts) {
          throw e;
        }
        retries.onRetry(failures, maxAttempts, e, backoff);
        pause(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(maxBackoff) > 0
                ? maxBackoff
                : backoff.multipliedBy(2);
      }
    }
  }

  /** Failures a later attempt can get past: the connection, or a stream the server still holds. */
  static boolean retryable(CourseportException e) {
    return switch (e.status().getCode()) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED -> true;
      case FAILED_PRECONDITION -> "OFFSET_MISMATCH".equals(e.reason());
      default -> false;
    };
  }

  /**
   * One stream from {@code offset} to the end of the file. Unless the server had the SHA-256 from
   * the open, the bytes are hashed as they are sent, after those before {@code offset} (read back
   * from the file: only a resumed stream reads anything twice), and a finish message declares the
   * digest after the last chunk.
   */
  private WriteResumableUploadResponse send(long offset, long size) throws IOException {
    WriteResumableUploadRequest first =
        WriteResumableUploadRequest.newBuilder()
            .setStart(ResumableWriteStart.newBuilder().setUploadId(uploadId).setOffset(offset))
            .build();
    try (FileChannel source = FileChannel.open(zip)) {
      MessageDigest digest = digestAtOpen == null ? hashPrefix(source, offset) : null;
      source.position(offset);
      ChunkedUpload<WriteResumableUploadRequest, WriteResumableUploadResponse> upload =
          new ChunkedUpload<>(
              source,
              CHUNK_SIZE,
              size - offset,
              first,
              bytes -> WriteResumableUploadRequest.newBuilder().setChunk(bytes).build(),
              (sent, total) -> progress.onProgress(offset + sent, size));
      if (digest != null) {
        upload.observing(
            (bytes, length) -> digest.update(bytes, 0, length),
            () -> {
              sentDigest = HexFormat.of().formatHex(digest.digest());
              return WriteResumableUploadRequest.newBuilder()
                  .setFinish(ResumableWriteFinish.newBuilder().setSha256(sentDigest))
                  .build();
            });
      }
      PackageServiceGrpc.newStub(channel).writeResumableUpload(upload);
      return upload.await();
    }
  }

  /** A SHA-256 over the first {@code length} bytes of the file. */
  private static MessageDigest hashPrefix(FileChannel source, long length) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
    ByteBuffer buffer = ByteBuffer.allocate(1024 * 1024);
    long at = 0;
    while (at < length) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), length - at));
      int n = source.read(buffer, at);
      if (n < 0) {
        throw new IOException(source + " ended at " + at + " bytes, before " + length);
      }
      digest.update(buffer.array(), 0, n);
      at += n;
    }
    return digest;
  }

  private void pause(Duration wait) {
    try {
      sleeper.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CourseportException(
          Status.CANCELLED.withDescription("upload interrupted"), "", Map.of(), e);
    }
  }
}
