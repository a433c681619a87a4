package org.courseport.server.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.coursepackage.MultipartUploads;
import org.courseport.server.domain.coursepackage.PackageApiSettings;
import org.courseport.server.domain.coursepackage.Quotas;
import org.courseport.server.domain.coursepackage.ResumableUploads;
import org.courseport.server.domain.coursepackage.UploadSignatures;
import org.courseport.server.domain.coursepackage.UploadSlot;
import org.courseport.server.domain.coursepackage.UploadStaging;
import org.courseport.server.storage.mongo.coursepackage.MongoResumableUploadRepository;
import org.courseport.server.storage.mongo.coursepackage.MongoSigningKeyRepository;
import org.courseport.server.storage.mongo.coursepackage.MongoUploadRepository;
import org.courseport.server.testing.MemoryMongo;
import org.courseport.server.testing.TestFiles;
import org.courseport.server.testing.TestQuotas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract of the place where uploads in progress wait (multipart parts, resumable bytes), run
 * on the data-directory files ({@link FileUploadStagingTest}) and on GridFS ({@link
 * GridFsUploadStagingTest}): two "servers" (two {@link MultipartUploads} / {@link ResumableUploads}
 * on one database, blob store and, in file mode, one parts directory) share every upload; ETags,
 * order, retries (last PUT wins), errors, a PUT that never finished, the resumable SHA-256 check
 * and the sweeper behave alike.
 */
abstract class UploadStagingContract {
  static final String TENANT = "tenant-a";
  static final String UUID = "550e8400-e29b-41d4-a716-446655440000";

  /** Above GridFS's 255 KiB chunk, so a part spans chunks. */
  static final int PART_SIZE = 300 * 1024;

  @RegisterExtension final MemoryMongo mongo = new MemoryMongo();
  final MongoDatabase database = mongo.database();
  final Path dir;
  final MongoUploadRepository slots;
  final MongoResumableUploadRepository progress;
  final MutableClock clock = new MutableClock(Instant.now());
  final Quotas quotas;
  final BlobStore blobs;
  final UploadSignatures signatures;

  UploadStagingContract() throws IOException {
    dir = Files.createTempDirectory("staging-");
    slots = new MongoUploadRepository(database);
    progress = new MongoResumableUploadRepository(database);
    quotas = TestQuotas.unlimited();
    blobs = blobStore();
    signatures =
        new UploadSignatures(
            new MongoSigningKeyRepository(database),
            Optional.empty(),
            Duration.ofHours(24),
            Duration.ofMinutes(15),
            clock);
  }

  /** The blob store of this implementation. */
  abstract BlobStore blobStore() throws IOException;

  /** A new staging of this implementation, as one server has it; null for the file mode. */
  abstract UploadStaging staging();

  /** Whether nothing of any upload in progress is left (files, GridFS documents). */
  abstract void assertNothingStaged() throws IOException;

  @AfterEach
  void stop() throws IOException {
    TestFiles.deleteTree(dir);
  }

  MultipartUploads multipart() {
    return new MultipartUploads(
            slots,
            signatures,
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
            PART_SIZE,
            Duration.ofHours(1),
            clock)
        .staging(staging());
  }

  ResumableUploads resumable(long checkpointBytes) {
    return new ResumableUploads(
            slots,
            progress,
            blobs,
            quotas,
            dir.resolve("multipart"),
            Duration.ofHours(1),
            checkpointBytes,
            clock)
        .staging(staging());
  }

  static byte[] random(int size, int seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** One part PUT through {@code server}, its URL minted by {@code minter}; returns the ETag. */
  static String put(
      MultipartUploads minter, MultipartUploads server, String uploadId, int n, byte[] bytes) {
    MultipartUploads.PartReceiving part = receive(minter, server, uploadId, n);
    try (part) {
      for (int at = 0; at < bytes.length; at += 64 * 1024) {
        part.write(bytes, at, Math.min(64 * 1024, bytes.length - at));
      }
      return part.finish();
    }
  }

  static MultipartUploads.PartReceiving receive(
      MultipartUploads minter, MultipartUploads server, String uploadId, int n) {
    URI url = URI.create(minter.partUrl(TENANT, uploadId, n).url());
    Map<String, String> q = new HashMap<>();
    for (String pair : url.getRawQuery().split("&")) {
      q.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    return server.receive(
        uploadId, n, q.get("tenant"), Long.parseLong(q.get("expires")), q.get("kid"), q.get("sig"));
  }

  byte[] blob(String blobId) throws IOException {
    try (InputStream in = blobs.open(blobId)) {
      return in.readAllBytes();
    }
  }

  static String reason(Runnable call) {
    try {
      call.run();
    } catch (DomainException e) {
      return e.reason() + ": " + e.getMessage();
    }
    throw new AssertionError("no DomainException");
  }

  @Test
  void partsPutThroughTwoServers_retriedPartWins_errorsNameThePart_completeOnTheOther()
      throws Exception {
    MultipartUploads one = multipart();
    MultipartUploads two = multipart();
    byte[] zip = random(2 * PART_SIZE + 1000, 1);
    List<byte[]> parts =
        List.of(
            Arrays.copyOfRange(zip, 0, PART_SIZE),
            Arrays.copyOfRange(zip, PART_SIZE, 2 * PART_SIZE),
            Arrays.copyOfRange(zip, 2 * PART_SIZE, zip.length));
    UploadSlot slot = one.init(TENANT, UUID, "u", "big.zip", zip.length).slot();
    String id = slot.uploadId();

    // Part 2 first with wrong bytes through one, then again through two: the retry wins.
    byte[] wrong = random(PART_SIZE, 9);
    assertThat(put(one, one, id, 2, wrong)).isEqualTo(hex("MD5", wrong));
    String e1 = put(two, one, id, 1, parts.get(0));
    String e2 = put(one, two, id, 2, parts.get(1));
    String e3 = put(two, two, id, 3, parts.get(2));
    assertThat(List.of(e1, e2, e3))
        .containsExactly(
            hex("MD5", parts.get(0)), hex("MD5", parts.get(1)), hex("MD5", parts.get(2)));

    // Errors are those of one server.
    assertThat(
            reason(
                () ->
                    one.complete(
                        TENANT,
                        id,
                        List.of(
                            new MultipartUploads.Part(1, e1),
                            new MultipartUploads.Part(2, hex("MD5", wrong)),
                            new MultipartUploads.Part(3, e3)))))
        .startsWith("PART_ETAG_MISMATCH")
        .contains("part 2");
    assertThat(
            reason(
                () ->
                    two.complete(
                        TENANT,
                        id,
                        List.of(
                            new MultipartUploads.Part(1, e1), new MultipartUploads.Part(3, e3)))))
        .startsWith("PART_MISSING")
        .contains("Part 2 is missing");
    assertThat(
            reason(
                () ->
                    two.complete(
                        TENANT,
                        id,
                        List.of(
                            new MultipartUploads.Part(1, e1),
                            new MultipartUploads.Part(2, e2),
                            new MultipartUploads.Part(3, e3),
                            new MultipartUploads.Part(4, e3)))))
        .startsWith("PART_TOO_SMALL")
        .contains("Part 3 has 1000 bytes");

    // Completed on the server that received the fewest parts, listed out of order, ETags quoted.
    MultipartUploads.Completed done =
        two.complete(
            TENANT,
            id,
            List.of(
                new MultipartUploads.Part(3, '"' + e3 + '"'),
                new MultipartUploads.Part(1, e1),
                new MultipartUploads.Part(2, e2)));
    assertThat(done.size()).isEqualTo(zip.length);
    assertThat(done.slot().state()).isEqualTo(UploadSlot.State.STORED);
    assertThat(blob(done.slot().blobId())).isEqualTo(zip);
    assertThat(done.slot().blobId()).isEqualTo(hex("SHA-256", zip));
    assertNothingStaged();

    // The upload is done for both servers.
    assertThat(reason(() -> put(one, one, id, 1, parts.get(0)))).startsWith("UPLOAD_COMPLETED");
    assertThat(reason(() -> one.complete(TENANT, id, List.of(new MultipartUploads.Part(1, e1)))))
        .startsWith("UPLOAD_COMPLETED");
  }

  @Test
  void aPartPutThatNeverFinished_isNoPart_andTheSweepRemovesItsBytes() throws Exception {
    MultipartUploads one = multipart();
    MultipartUploads two = multipart();
    String id = one.init(TENANT, UUID, "u", "k.zip", 0).slot().uploadId();
    // A PUT "killed" midway: bytes written (more than a chunk), never finished nor closed.
    MultipartUploads.PartReceiving killed = receive(one, one, id, 1);
    byte[] bytes = random(PART_SIZE, 3);
    killed.write(bytes, 0, bytes.length);

    assertThat(
            reason(
                () ->
                    two.complete(
                        TENANT, id, List.of(new MultipartUploads.Part(1, hex("MD5", bytes))))))
        .startsWith("PART_MISSING")
        .contains("Part 1 has not been uploaded");

    // Once the upload expired (and its leftovers are a day old) any server's sweep removes all.
    clock.advance(Duration.ofHours(1).plusDays(1).plusMinutes(1));
    assertThat(two.sweep()).isGreaterThanOrEqualTo(0);
    assertThat(one.sweep()).isGreaterThanOrEqualTo(0);
    assertNothingStaged();
    assertThat(reason(() -> put(two, two, id, 1, bytes))).startsWith("UPLOAD_EXPIRED");
  }

  @Test
  void anExpiredUploadsPartsAreSweptByTheOtherServer_aLiveOnesStay() throws Exception {
    MultipartUploads one = multipart();
    MultipartUploads two = multipart();
    String old = one.init(TENANT, UUID, "u", "old.zip", 0).slot().uploadId();
    clock.advance(Duration.ofMinutes(30));
    String live = one.init(TENANT, UUID, "u", "live.zip", 0).slot().uploadId();
    byte[] part = random(1000, 4);
    put(one, one, old, 1, random(1000, 5));
    String etag = put(one, one, live, 1, part);
    clock.advance(Duration.ofMinutes(31)); // "old" expired a minute ago, "live" has 29 left

    assertThat(two.sweep()).isEqualTo(1);
    assertThat(reason(() -> one.partUrl(TENANT, old, 2))).startsWith("UPLOAD_EXPIRED");
    MultipartUploads.Completed done =
        two.complete(TENANT, live, List.of(new MultipartUploads.Part(1, etag)));
    assertThat(blob(done.slot().blobId())).isEqualTo(part);
    assertNothingStaged();
  }

  /** Writes {@code bytes[from, to)} in 64 KiB messages, as gRPC delivers them. */
  static void write(ResumableUploads.Writer w, byte[] bytes, int from, int to) {
    for (int at = from; at < to; at += 64 * 1024) {
      w.write(bytes, at, Math.min(64 * 1024, to - at));
    }
  }

  @Test
  void aResumableUploadBrokenOnOneServerContinuesOnTheOther_andTheSha256Holds() throws Exception {
    ResumableUploads one = resumable(100 * 1024);
    ResumableUploads two = resumable(100 * 1024);
    byte[] zip = random(700 * 1024 + 17, 7);
    UploadSlot slot = one.open(TENANT, UUID, "u", "r.zip", zip.length, hex("SHA-256", zip));
    String id = slot.uploadId();

    // One server receives 350 KiB + 5, then the stream breaks (closed without finishing).
    int cut = 350 * 1024 + 5;
    try (ResumableUploads.Writer w = one.begin(TENANT, id, 0)) {
      write(w, zip, 0, cut);
    }
    ResumableUploads.Status held = two.status(TENANT, id);
    assertThat(held.committedBytes()).isEqualTo(cut);
    assertThat(held.complete()).isFalse();
    // The other server refuses another offset, then continues from the one it reports.
    assertThat(reason(() -> two.begin(TENANT, id, 0).close())).startsWith("OFFSET_MISMATCH");
    String sha;
    try (ResumableUploads.Writer w = two.begin(TENANT, id, cut)) {
      write(w, zip, cut, zip.length);
      assertThat(w.atEnd()).isTrue();
      sha = w.finish();
    }
    assertThat(sha).isEqualTo(hex("SHA-256", zip));
    UploadSlot stored = slots.find(id).orElseThrow();
    assertThat(stored.state()).isEqualTo(UploadSlot.State.STORED);
    assertThat(blob(stored.blobId())).isEqualTo(zip);
    assertThat(one.status(TENANT, id).complete()).isTrue();
    assertNothingStaged();
  }

  @Test
  void aResumableUploadWithOtherBytes_failsTheSha256_andStartsAgainFromZero() throws Exception {
    ResumableUploads one = resumable(64 * 1024);
    ResumableUploads two = resumable(64 * 1024);
    byte[] zip = random(300 * 1024, 8);
    UploadSlot slot = one.open(TENANT, UUID, "u", "s.zip", zip.length, hex("SHA-256", zip));
    String id = slot.uploadId();
    byte[] other = zip.clone();
    other[other.length - 1] ^= 1;
    try (ResumableUploads.Writer w = one.begin(TENANT, id, 0)) {
      write(w, other, 0, 100_000);
    }
    try (ResumableUploads.Writer w = two.begin(TENANT, id, 100_000)) {
      write(w, other, 100_000, other.length);
      assertThatThrownBy(w::finish)
          .isInstanceOfSatisfying(
              DomainException.class, e -> assertThat(e.reason()).isEqualTo("SHA256_MISMATCH"));
    }
    assertThat(one.status(TENANT, id).committedBytes()).isZero();
    assertThat(blobs.exists(hex("SHA-256", other))).isFalse();
    // Sent again, whole, through the first server.
    try (ResumableUploads.Writer w = one.begin(TENANT, id, 0)) {
      write(w, zip, 0, zip.length);
      assertThat(w.finish()).isEqualTo(hex("SHA-256", zip));
    }
    assertThat(blob(slots.find(id).orElseThrow().blobId())).isEqualTo(zip);
    assertNothingStaged();
  }

  @Test
  void anExpiredResumableUploadsBytesAreSwept() throws Exception {
    ResumableUploads one = resumable(64 * 1024);
    byte[] zip = random(200 * 1024, 10);
    String id = one.open(TENANT, UUID, "u", "x.zip", zip.length, hex("SHA-256", zip)).uploadId();
    try (ResumableUploads.Writer w = one.begin(TENANT, id, 0)) {
      write(w, zip, 0, 150 * 1024);
    }
    clock.advance(Duration.ofHours(1).plusDays(1).plusMinutes(1));
    assertThat(multipart().sweep()).isEqualTo(1);
    assertNothingStaged();
    assertThat(reason(() -> one.status(TENANT, id))).startsWith("UPLOAD_EXPIRED");
  }

  static final class MutableClock extends Clock {
    private volatile Instant now;

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
