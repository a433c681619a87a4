package org.courseport.server.storage.mongo.coursepackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.coursepackage.MultipartUploads;
import org.courseport.server.domain.coursepackage.PackageApiSettings;
import org.courseport.server.domain.coursepackage.Quotas;
import org.courseport.server.domain.coursepackage.ResumableUploadRepository;
import org.courseport.server.domain.coursepackage.ResumableUploads;
import org.courseport.server.domain.coursepackage.UploadSignatures;
import org.courseport.server.domain.coursepackage.UploadSlot;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.courseport.server.testing.MemoryMongo;
import org.courseport.server.testing.TestFiles;
import org.courseport.server.testing.TestQuotas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ResumableUploads} over the MongoDB repositories (mongo-java-server) and the file blob
 * store: durable offsets across a server restart, one writer at a time, expiry and the sweeper.
 */
class ResumableUploadsStoreTest {
  private static final String TENANT = "tenant-a";
  private static final String UUID = "550e8400-e29b-41d4-a716-446655440000";

  @RegisterExtension final MemoryMongo mongo = new MemoryMongo();
  private final MongoDatabase database = mongo.database();
  private final Path dir;
  private final FileSystemBlobStore blobs;
  private final MongoUploadRepository slots;
  private final MongoResumableUploadRepository progress;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final Quotas quotas;

  ResumableUploadsStoreTest() throws IOException {
    dir = Files.createTempDirectory("resumable-");
    blobs = new FileSystemBlobStore(dir);
    slots = new MongoUploadRepository(database);
    progress = new MongoResumableUploadRepository(database);
    quotas = TestQuotas.unlimited();
  }

  @AfterEach
  void stop() throws IOException {
    TestFiles.deleteTree(dir);
  }

  /** A server's ResumableUploads: a new one is what a restarted server has. */
  private ResumableUploads server(long checkpointBytes) {
    return new ResumableUploads(
        slots,
        progress,
        blobs,
        quotas,
        dir.resolve("multipart"),
        Duration.ofHours(1),
        checkpointBytes,
        clock);
  }

  private MultipartUploads sweeper() {
    return new MultipartUploads(
        slots,
        new UploadSignatures(
            new MongoSigningKeyRepository(database),
            Optional.empty(),
            Duration.ofHours(24),
            Duration.ofMinutes(15),
            clock),
        blobs,
        new PackageApiSettings(
            "https://cp.example.com",
            1000,
            Duration.ofMinutes(15),
            Duration.ofHours(24),
            null,
            Duration.ofSeconds(5),
            0,
            0,
            null),
        () -> "https://cp.example.com",
        quotas,
        dir.resolve("multipart"),
        4,
        Duration.ofHours(1),
        clock);
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private Path partial(String uploadId) {
    return dir.resolve("multipart").resolve(uploadId).resolve("resumable.data");
  }

  @Test
  void checkpoint_isForcedAndRecordedWhileTheStreamWritesOn_andTheEndWaitsForIt() throws Exception {
    byte[] zip = random(100);
    CountDownLatch recording = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ResumableUploadRepository held =
        new ResumableUploadRepository() {
          @Override
          public void insert(Progress p) {
            progress.insert(p);
          }

          @Override
          public Optional<Progress> find(String uploadId) {
            return progress.find(uploadId);
          }

          @Override
          public boolean advance(String uploadId, long from, long to) {
            recording.countDown();
            try {
              // A stream that waited for its checkpoint would never get here: fail, not hang.
              if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the checkpoint was never released");
              }
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            return progress.advance(uploadId, from, to);
          }
        };
    ResumableUploads uploads =
        new ResumableUploads(
            slots, held, blobs, quotas, dir.resolve("multipart"), Duration.ofHours(1), 40, clock);
    UploadSlot slot = uploads.open(TENANT, UUID, "me", "a.zip", zip.length, sha256(zip));
    ResumableUploads.Writer writer = uploads.begin(TENANT, slot.uploadId(), 0);

    writer.write(zip, 0, 50); // starts a checkpoint of 50 bytes
    assertThat(recording.await(30, TimeUnit.SECONDS)).isTrue();
    writer.write(zip, 50, 30); // not held up by the checkpoint in flight
    assertThat(writer.position()).isEqualTo(80);
    assertThat(writer.committed()).isZero();
    assertThat(progress.find(slot.uploadId()).orElseThrow().committedBytes()).isZero();

    release.countDown();
    writer.write(zip, 80, 20);
    assertThat(writer.finish()).isEqualTo(sha256(zip));
    writer.close();
    assertThat(uploads.status(TENANT, slot.uploadId()).complete()).isTrue();
    try (InputStream in = blobs.open(sha256(zip))) {
      assertThat(in.readAllBytes()).isEqualTo(zip);
    }
  }

  @Test
  void offsetRecordedOnlyAfterForce_survivesARestart_andUnrecordedBytesAreCutAway()
      throws Exception {
    byte[] zip = random(100);
    ResumableUploads before = server(40);
    UploadSlot slot = before.open(TENANT, UUID, "me", "a.zip", zip.length, sha256(zip));
    ResumableUploads.Writer crashed = before.begin(TENANT, slot.uploadId(), 0);
    crashed.write(zip, 0, 30);
    crashed.awaitCheckpoint();
    assertThat(before.status(TENANT, slot.uploadId()).committedBytes()).isZero();
    crashed.write(zip, 30, 30); // a checkpoint starts, forced and recorded on another thread
    crashed.awaitCheckpoint();
    assertThat(crashed.committed()).isEqualTo(60);
    assertThat(before.status(TENANT, slot.uploadId()).committedBytes()).isEqualTo(60);
    crashed.write(zip, 60, 10);
    crashed.awaitCheckpoint();
    // The server dies here: 70 bytes in the file, 60 recorded; the writer is never closed.
    assertThat(Files.size(partial(slot.uploadId()))).isEqualTo(70);

    ResumableUploads after = server(40);
    // The dead writer's lease holds the upload until it runs out (no stream renews it).
    assertThat(after.status(TENANT, slot.uploadId()).writing()).isTrue();
    clock.advance(ResumableUploads.DEFAULT_WRITE_LEASE);
    ResumableUploads.Status status = after.status(TENANT, slot.uploadId());
    assertThat(status.committedBytes()).isEqualTo(60);
    assertThat(status.writing()).isFalse();
    assertThatThrownBy(() -> after.begin(TENANT, slot.uploadId(), 70))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("OFFSET_MISMATCH"));
    try (ResumableUploads.Writer resumed = after.begin(TENANT, slot.uploadId(), 60)) {
      assertThat(Files.size(partial(slot.uploadId()))).isEqualTo(60);
      resumed.write(zip, 60, 40);
      assertThat(resumed.atEnd()).isTrue();
      assertThat(resumed.finish()).isEqualTo(sha256(zip));
    }

    UploadSlot stored = slots.find(slot.uploadId()).orElseThrow();
    assertThat(stored.state()).isEqualTo(UploadSlot.State.STORED);
    assertThat(stored.blobId()).isEqualTo(sha256(zip));
    try (InputStream in = blobs.open(stored.blobId())) {
      assertThat(in.readAllBytes()).isEqualTo(zip);
    }
    assertThat(partial(slot.uploadId())).doesNotExist();
    assertThat(after.status(TENANT, slot.uploadId()).complete()).isTrue();
  }

  @Test
  void sameBytesTwice_bothUploadsShareOneBlob_movedIntoPlaceWithoutLeftovers() throws Exception {
    byte[] zip = random(5000);
    ResumableUploads uploads = server(1024);
    UploadSlot first = uploads.open(TENANT, UUID, "me", "a.zip", zip.length, sha256(zip));
    UploadSlot second = uploads.open(TENANT, UUID, "me", "b.zip", zip.length, sha256(zip));

    for (UploadSlot slot : new UploadSlot[] {first, second}) {
      try (ResumableUploads.Writer w = uploads.begin(TENANT, slot.uploadId(), 0)) {
        w.write(zip, 0, zip.length);
        assertThat(w.finish()).isEqualTo(sha256(zip));
      }
      assertThat(partial(slot.uploadId()).getParent()).doesNotExist();
      assertThat(slots.find(slot.uploadId()).orElseThrow().blobId()).isEqualTo(sha256(zip));
    }
    try (InputStream in = blobs.open(sha256(zip))) {
      assertThat(in.readAllBytes()).isEqualTo(zip);
    }
    try (var files = Files.list(blobs.root().resolve("tmp"))) {
      assertThat(files.toList()).isEmpty();
    }
  }

  @Test
  void oneWriterAtATime_theSecondIsAborted_untilTheFirstCloses() throws Exception {
    byte[] zip = random(50);
    ResumableUploads uploads = server(1024);
    UploadSlot slot = uploads.open(TENANT, UUID, "me", "a.zip", zip.length, sha256(zip));
    ResumableUploads.Writer first = uploads.begin(TENANT, slot.uploadId(), 0);
    first.write(zip, 0, 20);

    assertThatThrownBy(() -> uploads.begin(TENANT, slot.uploadId(), 0))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DomainException.Kind.ABORTED);
              assertThat(e.reason()).isEqualTo("UPLOAD_BUSY");
            });
    assertThat(uploads.status(TENANT, slot.uploadId()).writing()).isTrue();
    first.close();

    ResumableUploads.Status status = uploads.status(TENANT, slot.uploadId());
    assertThat(status.writing()).isFalse();
    assertThat(status.committedBytes()).isEqualTo(20);
    try (ResumableUploads.Writer second = uploads.begin(TENANT, slot.uploadId(), 20)) {
      second.write(zip, 20, 30);
      second.finish();
    }
    assertThat(uploads.status(TENANT, slot.uploadId()).complete()).isTrue();
  }

  @Test
  void progressAdvance_isConditionalOnTheRecordedValue() {
    progress.insert(
        new org.courseport.server.domain.coursepackage.ResumableUploadRepository.Progress(
            "upl_x", "ab", 0));

    assertThat(progress.advance("upl_x", 0, 10)).isTrue();
    assertThat(progress.advance("upl_x", 0, 20)).isFalse();
    assertThat(progress.find("upl_x").orElseThrow().committedBytes()).isEqualTo(10);
  }

  @Test
  void expiredUpload_isNotFound_andTheMultipartSweeperRemovesItsBytes() throws Exception {
    byte[] zip = random(64);
    ResumableUploads uploads = server(8);
    UploadSlot slot = uploads.open(TENANT, UUID, "me", "a.zip", zip.length, sha256(zip));
    try (ResumableUploads.Writer w = uploads.begin(TENANT, slot.uploadId(), 0)) {
      w.write(zip, 0, 32);
    }
    assertThat(partial(slot.uploadId())).exists();
    assertThat(sweeper().sweep()).isZero();

    clock.advance(Duration.ofHours(1).plusSeconds(1));

    for (var call :
        new org.assertj.core.api.ThrowableAssert.ThrowingCallable[] {
          () -> uploads.status(TENANT, slot.uploadId()),
          () -> uploads.begin(TENANT, slot.uploadId(), 32)
        }) {
      assertThatThrownBy(call)
          .isInstanceOfSatisfying(
              DomainException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(DomainException.Kind.NOT_FOUND);
                assertThat(e.reason()).isEqualTo("UPLOAD_EXPIRED");
                assertThat(e.getMessage()).contains(slot.uploadId(), "open a new one");
              });
    }
    assertThat(sweeper().sweep()).isEqualTo(1);
    assertThat(partial(slot.uploadId()).getParent()).doesNotExist();
  }

  @Test
  void anotherTenant_seesNoSuchUpload() throws Exception {
    byte[] zip = random(10);
    ResumableUploads uploads = server(8);
    UploadSlot slot = uploads.open(TENANT, UUID, "me", "a.zip", zip.length, sha256(zip));

    assertThatThrownBy(() -> uploads.status("tenant-b", slot.uploadId()))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("UPLOAD_NOT_FOUND"));
    assertThatThrownBy(() -> uploads.begin("tenant-b", slot.uploadId(), 0))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("UPLOAD_NOT_FOUND"));
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
