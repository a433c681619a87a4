package org.courseport.server.storage.mongo.coursepackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.coursepackage.Quotas;
import org.courseport.server.domain.coursepackage.ResumableUploadRepository;
import org.courseport.server.domain.coursepackage.ResumableUploads;
import org.courseport.server.domain.coursepackage.UploadSlot;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.courseport.server.testing.AdjustableClock;
import org.courseport.server.testing.MemoryMongo;
import org.courseport.server.testing.TestFiles;
import org.courseport.server.testing.TestQuotas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The write lease of resumable uploads on the MongoDB repository (mongo-java-server): two
 * "replicas" (two {@link ResumableUploads} on one database, one blob store and one parts directory)
 * see each other's live streams, a holder renews its lease while it writes, a dead holder's lease
 * runs out so that the upload resumes, and a stream that lost its lease records nothing. Time is a
 * clock the test moves: no waiting.
 */
class ResumableUploadLeaseTest {
  private static final String TENANT = "tenant-a";
  private static final String UUID = "550e8400-e29b-41d4-a716-446655440000";
  private static final Duration LEASE = Duration.ofSeconds(30);

  @RegisterExtension final MemoryMongo mongo = new MemoryMongo();
  private final MongoDatabase database = mongo.database();
  private final Path dir;
  private final FileSystemBlobStore blobs;
  private final MongoUploadRepository slots;
  private final MongoResumableUploadRepository progress;
  private final AdjustableClock clock = new AdjustableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final Quotas quotas;
  private final ResumableUploads a;
  private final ResumableUploads b;

  ResumableUploadLeaseTest() throws IOException {
    dir = Files.createTempDirectory("resumable-lease-");
    blobs = new FileSystemBlobStore(dir);
    slots = new MongoUploadRepository(database);
    progress = new MongoResumableUploadRepository(database);
    quotas = TestQuotas.unlimited();
    a = replica();
    b = replica();
  }

  @AfterEach
  void stop() throws IOException {
    TestFiles.deleteTree(dir);
  }

  private ResumableUploads replica() {
    return new ResumableUploads(
            slots,
            progress,
            blobs,
            quotas,
            dir.resolve("multipart"),
            Duration.ofHours(1),
            1 << 20,
            clock)
        .writeLease(LEASE);
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static DomainException busy(Runnable call) {
    DomainException e = catchThrowableOfType(call::run, DomainException.class);
    assertThat(e).as("the second stream is refused").isNotNull();
    assertThat(e.kind()).isEqualTo(DomainException.Kind.ABORTED);
    assertThat(e.reason()).isEqualTo("UPLOAD_BUSY");
    return e;
  }

  @Test
  void aLiveStreamOnOneReplica_refusesASecondOnTheOther_namingTheUploadAndWhenToRetry()
      throws Exception {
    byte[] zip = random(1000);
    UploadSlot slot = a.open(TENANT, UUID, "me", "a.zip", zip.length, sha256(zip));
    ResumableUploads.Writer first = a.begin(TENANT, slot.uploadId(), 0);
    first.write(zip, 0, 400);

    assertThat(b.status(TENANT, slot.uploadId()).writing()).as("seen from B").isTrue();
    DomainException refused = busy(() -> b.begin(TENANT, slot.uploadId(), 0));
    Instant until = Instant.parse("2026-03-01T10:00:30Z");
    assertThat(refused.getMessage())
        .contains("'" + slot.uploadId() + "'")
        .contains("retry after " + until);
    assertThat(refused.metadata()).containsEntry("retry_after", until.toString());

    first.write(zip, 400, 600);
    assertThat(first.finish()).isEqualTo(sha256(zip));
    first.close();
    assertThat(progress.lease(slot.uploadId())).as("released at the end").isEmpty();
    try (InputStream in = blobs.open(sha256(zip))) {
      assertThat(in.readAllBytes()).isEqualTo(zip);
    }
  }

  @Test
  void aStreamThatEnds_releasesTheLease_andTheOtherReplicaContinuesAtOnce() throws Exception {
    byte[] zip = random(1000);
    UploadSlot slot = a.open(TENANT, UUID, "me", "a.zip", zip.length, sha256(zip));
    ResumableUploads.Writer first = a.begin(TENANT, slot.uploadId(), 0);
    first.write(zip, 0, 300);
    first.close(); // records the 300 bytes and releases the lease

    assertThat(b.status(TENANT, slot.uploadId()).writing()).isFalse();
    try (ResumableUploads.Writer second = b.begin(TENANT, slot.uploadId(), 300)) {
      second.write(zip, 300, 700);
      assertThat(second.finish()).isEqualTo(sha256(zip));
    }
    assertThat(a.status(TENANT, slot.uploadId()).complete()).isTrue();
  }

  @Test
  void aDeadHoldersLease_runsOut_andTheUploadResumesOnTheOtherReplica() throws Exception {
    byte[] zip = random(1000);
    UploadSlot slot = a.open(TENANT, UUID, "me", "a.zip", zip.length, sha256(zip));
    ResumableUploads.Writer crashed = a.begin(TENANT, slot.uploadId(), 0);
    crashed.write(zip, 0, 200);
    crashed.checkpoint(); // 200 bytes held; then its process dies (the writer is never closed)

    clock.advance(LEASE.minusSeconds(1));
    busy(() -> b.begin(TENANT, slot.uploadId(), 200));

    clock.advance(Duration.ofSeconds(1));
    assertThat(b.status(TENANT, slot.uploadId()).writing()).isFalse();
    try (ResumableUploads.Writer resumed = b.begin(TENANT, slot.uploadId(), 200)) {
      resumed.write(zip, 200, 800);
      assertThat(resumed.finish()).isEqualTo(sha256(zip));
    }
    assertThat(b.status(TENANT, slot.uploadId()).complete()).isTrue();
  }

  @Test
  void writingRenewsTheLease_pastItsFirstEnd() throws Exception {
    byte[] zip = random(1000);
    UploadSlot slot = a.open(TENANT, UUID, "me", "a.zip", zip.length, sha256(zip));
    ResumableUploads.Writer first = a.begin(TENANT, slot.uploadId(), 0);
    first.write(zip, 0, 100);

    clock.advance(Duration.ofSeconds(20)); // past a third of the lease: the next write renews it
    first.write(zip, 100, 100);
    assertThat(progress.lease(slot.uploadId()).orElseThrow().until())
        .isEqualTo(Instant.parse("2026-03-01T10:00:50Z"));

    clock.advance(Duration.ofSeconds(20)); // past the first lease's end, within the renewed one
    busy(() -> b.begin(TENANT, slot.uploadId(), 0));

    first.write(zip, 200, 800);
    assertThat(first.finish()).isEqualTo(sha256(zip));
    first.close();
  }

  @Test
  void aStreamThatStalledPastItsLease_andWasTakenOver_isAborted_andRecordsNothing()
      throws Exception {
    byte[] zip = random(1000);
    UploadSlot slot = a.open(TENANT, UUID, "me", "a.zip", zip.length, sha256(zip));
    ResumableUploads.Writer stalled = a.begin(TENANT, slot.uploadId(), 0);
    stalled.write(zip, 0, 100);

    clock.advance(LEASE.plusSeconds(1));
    ResumableUploads.Writer takeover = b.begin(TENANT, slot.uploadId(), 0);
    takeover.write(zip, 0, 500);

    DomainException lost =
        catchThrowableOfType(() -> stalled.write(zip, 100, 100), DomainException.class);
    assertThat(lost.kind()).isEqualTo(DomainException.Kind.ABORTED);
    assertThat(lost.reason()).isEqualTo("UPLOAD_LEASE_LOST");
    assertThat(lost.getMessage()).contains(slot.uploadId());
    stalled.close();
    assertThat(progress.find(slot.uploadId()).orElseThrow().committedBytes())
        .as("the stalled stream recorded nothing")
        .isZero();
    assertThat(progress.lease(slot.uploadId()).map(ResumableUploadRepository.Lease::until))
        .as("the takeover's lease is untouched")
        .contains(Instant.parse("2026-03-01T10:01:01Z"));

    takeover.write(zip, 500, 500);
    assertThat(takeover.finish()).isEqualTo(sha256(zip));
    takeover.close();
  }

  @Test
  void writeLeaseSetting_isWholeSecondsAboveZero() {
    assertThat(ResumableUploads.writeLeaseFrom(Map.of())).isEqualTo(Duration.ofSeconds(30));
    assertThat(ResumableUploads.writeLeaseFrom(Map.of(ResumableUploads.WRITE_LEASE_SETTING, "5")))
        .isEqualTo(Duration.ofSeconds(5));
    IllegalArgumentException e =
        catchThrowableOfType(
            () ->
                ResumableUploads.writeLeaseFrom(Map.of(ResumableUploads.WRITE_LEASE_SETTING, "0")),
            IllegalArgumentException.class);
    assertThat(e).hasMessageContaining(ResumableUploads.WRITE_LEASE_SETTING);
  }
}
