package org.courseport.server.domain.coursepackage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;

/**
 * The presigned upload flow: mints signed, short-lived, single-use URLs and receives the one PUT of
 * each into the blob store, streamed.
 */
public final class PresignedUploads {

  /** Path of the PUT target, followed by the upload id. */
  public static final String UPLOAD_PATH = "/api/v1/packages/uploads/";

  /** The one Content-Type a presigned PUT must carry. */
  public static final String ZIP = "application/zip";

  private final UploadRepository uploads;
  private final UploadSignatures signatures;
  private final BlobStore blobs;
  private final PackageApiSettings settings;
  private final Supplier<String> baseUrl;
  private final Quotas quotas;
  private final Clock clock;
  private volatile Duration claimLease = DEFAULT_CLAIM_LEASE;

  /** How long a PUT in progress holds its upload without renewal, unless configured. */
  public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofSeconds(60);

  public PresignedUploads(
      UploadRepository uploads,
      UploadSignatures signatures,
      BlobStore blobs,
      PackageApiSettings settings,
      Supplier<String> baseUrl,
      Quotas quotas,
      Clock clock) {
    this.uploads = uploads;
    this.signatures = signatures;
    this.blobs = blobs;
    this.settings = settings;
    this.baseUrl = baseUrl;
    this.quotas = quotas;
    this.clock = clock;
  }

  /**
   * Sets how long a PUT in progress holds its upload without renewal (renewed while bytes flow):
   * the claim of a PUT whose server died runs out after this, and a retry of the URL may use it.
   */
  public PresignedUploads claimLease(Duration lease) {
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("the upload claim lease must be positive, got " + lease);
    }
    this.claimLease = lease;
    return this;
  }

  /** How long a claim holds without renewal. */
  public Duration claimLease() {
    return claimLease;
  }

  /** The signer of the URLs. */
  public UploadSignatures signatures() {
    return signatures;
  }

  /** The base of the URLs. */
  public Supplier<String> baseUrl() {
    return baseUrl;
  }

  /** A minted URL. */
  public record Minted(UploadSlot slot, String url) {}

  /** Mints a URL for one PUT of exactly {@code fileSize} bytes. */
  public Minted mint(
      String tenantId, String tenantUuid, String uploadedBy, String fileName, long fileSize) {
    if (fileName == null || fileName.isBlank()) {
      throw DomainException.invalid("FILENAME_MISSING", "filename is required");
    }
    if (fileSize <= 0) {
      throw DomainException.invalid(
          "FILE_SIZE_INVALID", "file_size must be the zip's size in bytes (a positive number)");
    }
    if (fileSize > settings.singleUploadMaxBytes()) {
      throw new DomainException(
          DomainException.Kind.RESOURCE_EXHAUSTED,
          "FILE_TOO_LARGE",
          "The package is larger than the single-upload limit of "
              + settings.singleUploadMaxBytes()
              + " bytes; use the multipart upload (POST /api/v1/packages/multipart/init).");
    }
    Instant now = clock.instant();
    Instant expires =
        now.plus(settings.urlLifetime()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String uploadId = "upl_" + UUID.randomUUID();
    // Held until the PUT takes it over, or the URL expires.
    Quotas.Reservation reserved = quotas.reserveBytes(tenantId, uploadId, fileSize, expires);
    UploadSlot slot =
        new UploadSlot(
            uploadId,
            tenantId,
            tenantUuid,
            uploadedBy == null ? "" : uploadedBy,
            fileName,
            fileSize,
            expires,
            UploadSlot.State.MINTED,
            null,
            now);
    try {
      uploads.insert(slot);
    } catch (RuntimeException e) {
      reserved.close();
      throw e;
    }
    SigningKey key = signatures.current();
    String path = UPLOAD_PATH + slot.uploadId();
    long epoch = expires.getEpochSecond();
    String signature = UploadSignatures.sign(key, "PUT", path, tenantUuid, epoch, fileSize);
    String url =
        baseUrl.get()
            + path
            + "?tenant="
            + tenantUuid
            + "&expires="
            + epoch
            + "&size="
            + fileSize
            + "&kid="
            + key.keyId()
            + "&sig="
            + signature;
    return new Minted(slot, url);
  }

  /** What a PUT presented: the URL's signed parameters and its Content-Type. */
  public record Ticket(
      String uploadId,
      String tenantUuid,
      long expires,
      long size,
      String keyId,
      String signature,
      String contentType) {}

  /** Checks the ticket and claims the upload; the caller writes the body and finishes. */
  public Receiving receive(Ticket ticket) {
    SigningKey key =
        signatures.find(ticket.keyId()).orElseThrow(PresignedUploads::signatureInvalid);
    String expected =
        UploadSignatures.sign(
            key,
            "PUT",
            UPLOAD_PATH + ticket.uploadId(),
            ticket.tenantUuid(),
            ticket.expires(),
            ticket.size());
    if (!UploadSignatures.matches(expected, ticket.signature().toLowerCase(Locale.ROOT))) {
      throw signatureInvalid();
    }
    if (clock.instant().getEpochSecond() > ticket.expires()) {
      throw new DomainException(
          DomainException.Kind.PERMISSION_DENIED,
          "UPLOAD_URL_EXPIRED",
          "The upload URL has expired; mint a new one with POST /api/v1/packages/upload-url.");
    }
    UploadSlot slot =
        uploads.find(ticket.uploadId()).orElseThrow(PresignedUploads::signatureInvalid);
    if (!slot.tenantUuid().equals(ticket.tenantUuid()) || slot.declaredSize() != ticket.size()) {
      throw signatureInvalid();
    }
    if (!isZip(ticket.contentType())) {
      throw DomainException.invalid(
          "REQUIRED_HEADER_MISMATCH",
          "The PUT must carry the required header Content-Type: "
              + ZIP
              + " (it sent '"
              + ticket.contentType()
              + "').");
    }
    Instant now = clock.instant();
    if (slot.state() == UploadSlot.State.RECEIVING) {
      // A PUT whose server died mid-body left its claim: once it has run out, this PUT may retry.
      uploads.releaseStale(slot.uploadId(), now.minus(claimLease));
    }
    String holder = "put-" + UUID.randomUUID();
    if (!uploads.claim(slot.uploadId(), holder, now)) {
      throw new DomainException(
          DomainException.Kind.PERMISSION_DENIED,
          "UPLOAD_URL_USED",
          "The upload URL has been used already; each URL takes one PUT.");
    }
    Quotas.Reservation reserved = null;
    try {
      // The bytes about to be kept, checked afresh (the mint's reservation may have run out).
      reserved = quotas.reserveBytes(slot.tenantId(), slot.uploadId(), slot.declaredSize(), null);
      return new Receiving(slot, blobs.newWriter(), holder, now, reserved);
    } catch (IOException | RuntimeException e) {
      if (reserved != null) {
        reserved.close();
      }
      uploads.release(slot.uploadId(), holder);
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /**
   * Removes uploads whose URL expired more than {@code retention} ago, processed or not, and the
   * bytes of each unless a course version, a running job or another upload still uses them ({@code
   * blobInUse} answers for versions and jobs, under the blob's guard). The record goes first, by a
   * conditional delete on its state, so an upload changing state meanwhile is left for the next
   * sweep. Returns how many uploads were removed.
   */
  public int sweepExpired(Duration retention, Predicate<String> blobInUse) {
    Instant cutoff = clock.instant().minus(retention);
    int removed = 0;
    for (UploadSlot slot : uploads.expiredBefore(cutoff, 500)) {
      if (!uploads.delete(slot.uploadId(), slot.state())) {
        continue;
      }
      removed++;
      String blobId = slot.blobId();
      if (blobId == null) {
        continue;
      }
      try {
        blobs.deleteUnlessReferenced(
            blobId, () -> blobInUse.test(blobId) || uploads.isBlobReferenced(blobId));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return removed;
  }

  /** The stored upload behind a storage path of this tenant; NOT_FOUND otherwise. */
  public UploadSlot stored(String tenantId, String storagePath) {
    String prefix = "/uploads/";
    int at = storagePath == null ? -1 : storagePath.lastIndexOf(prefix);
    if (at < 0 || !storagePath.endsWith(".zip")) {
      throw uploadNotFound(storagePath);
    }
    String uploadId = storagePath.substring(at + prefix.length(), storagePath.length() - 4);
    UploadSlot slot =
        uploads
            .find(uploadId)
            .filter(s -> s.tenantId().equals(tenantId) && s.storagePath().equals(storagePath))
            .orElseThrow(() -> uploadNotFound(storagePath));
    if (slot.state() != UploadSlot.State.STORED) {
      throw new DomainException(
          DomainException.Kind.FAILED_PRECONDITION,
          "UPLOAD_INCOMPLETE",
          "Nothing has been uploaded to '" + storagePath + "' yet; PUT the zip to its URL first.");
    }
    return slot;
  }

  private static boolean isZip(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals(ZIP);
  }

  private static DomainException uploadNotFound(String storagePath) {
    return DomainException.notFound(
        "UPLOAD_NOT_FOUND", "No completed upload at storage_path '" + storagePath + "'.");
  }

  private static DomainException signatureInvalid() {
    return new DomainException(
        DomainException.Kind.PERMISSION_DENIED,
        "UPLOAD_SIGNATURE_INVALID",
        "The upload URL's signature does not match; use the URL exactly as minted.");
  }

  /** One PUT in progress: bytes go straight to the blob store. */
  public final class Receiving implements AutoCloseable {
    private final UploadSlot slot;
    private final BlobStore.BlobWriter writer;
    private final String holder;
    private final Quotas.Reservation reserved;
    private Instant renewed;
    private boolean finished;

    private Receiving(
        UploadSlot slot,
        BlobStore.BlobWriter writer,
        String holder,
        Instant now,
        Quotas.Reservation reserved) {
      this.slot = slot;
      this.writer = writer;
      this.holder = holder;
      this.renewed = now;
      this.reserved = reserved;
    }

    /** Renews the claim every third of its lease while bytes flow. */
    private void keepClaim() {
      Instant now = clock.instant();
      if (Duration.between(renewed, now).compareTo(claimLease.dividedBy(3)) < 0) {
        return;
      }
      if (!uploads.renew(slot.uploadId(), holder, now)) {
        throw new DomainException(
            DomainException.Kind.FAILED_PRECONDITION,
            "UPLOAD_TAKEN_OVER",
            "This PUT stalled for longer than "
                + claimLease.toSeconds()
                + " s and another PUT of the URL took the upload over; nothing was stored.");
      }
      renewed = now;
    }

    /** Appends bytes; INVALID_ARGUMENT once past the declared size. */
    public void write(byte[] bytes, int off, int len) {
      if (writer.size() + len > slot.declaredSize()) {
        throw sizeMismatch("larger");
      }
      keepClaim();
      try {
        writer.stream().write(bytes, off, len);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Stores the bytes (exactly the declared size) and marks the upload STORED. */
    public UploadSlot finish() {
      if (writer.size() != slot.declaredSize()) {
        throw sizeMismatch("smaller");
      }
      try {
        // Recorded under the blob's guard, so a concurrent delete of the same bytes sees it.
        writer.commit(
            blobId -> {
              if (!uploads.complete(slot.uploadId(), holder, blobId)) {
                throw new IllegalStateException("upload " + slot.uploadId() + " was not receiving");
              }
            });
        finished = true;
        reserved.close(); // the stored upload counts itself now
        return uploads.find(slot.uploadId()).orElseThrow();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private DomainException sizeMismatch(String which) {
      return DomainException.invalid(
          "BODY_SIZE_MISMATCH",
          "The body is "
              + which
              + " than the "
              + slot.declaredSize()
              + " bytes the URL was signed for; nothing was stored.");
    }

    /** Discards the bytes and frees the URL for a retry when the PUT did not finish. */
    @Override
    public void close() {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        if (!finished) {
          reserved.close();
          uploads.release(slot.uploadId(), holder);
        }
      }
    }
  }
}
