package org.courseport.server.domain.coursepackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.courseport.server.domain.DomainException;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.courseport.server.testing.TestFiles;
import org.courseport.server.testing.TestQuotas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Signed upload URLs: expiry, key rotation, single use, exact size, over in-memory stores. */
class PresignedUploadsTest {
  private static final String TENANT_UUID = "550e8400-e29b-41d4-a716-446655440000";
  private static final byte[] BYTES = "PK-not-really-a-zip".getBytes();

  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T10:00:00Z"));
  private final MemoryUploads uploads = new MemoryUploads();
  private final MemoryKeys keys = new MemoryKeys();
  private final Path dir;
  private final FileSystemBlobStore blobs;
  private final UploadSignatures signatures =
      new UploadSignatures(
          keys, Optional.empty(), Duration.ofHours(24), Duration.ofMinutes(15), clock);
  private final PresignedUploads presigned;
  private final MultipartUploads multipart;

  PresignedUploadsTest() throws IOException {
    dir = Files.createTempDirectory("presigned-");
    blobs = new FileSystemBlobStore(dir);
    PackageApiSettings settings =
        new PackageApiSettings(
            "https://cp.example.com",
            1000,
            Duration.ofMinutes(15),
            Duration.ofHours(24),
            null,
            Duration.ofSeconds(5),
            0,
            0,
            null);
    Quotas quotas = TestQuotas.unlimited();
    presigned =
        new PresignedUploads(
            uploads, signatures, blobs, settings, () -> "https://cp.example.com", quotas, clock);
    multipart =
        new MultipartUploads(
            uploads,
            signatures,
            blobs,
            settings,
            () -> "https://cp.example.com",
            quotas,
            dir.resolve("multipart"),
            4,
            Duration.ofHours(2),
            clock);
  }

  /** Sends one part through its signed URL's parameters; returns the ETag. */
  private String putPart(String uploadId, int part, byte[] bytes) {
    String url = multipart.partUrl("t1", uploadId, part).url();
    Map<String, String> q = new HashMap<>();
    for (String pair : URI.create(url).getQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      q.put(kv[0], kv[1]);
    }
    try (MultipartUploads.PartReceiving r =
        multipart.receive(
            uploadId,
            part,
            q.get("tenant"),
            Long.parseLong(q.get("expires")),
            q.get("kid"),
            q.get("sig"))) {
      r.write(bytes, 0, bytes.length);
      return r.finish();
    }
  }

  @Test
  void multipart_expiredUncompleted_isRefused_andTheSweeperRemovesItsParts() throws IOException {
    String stale = multipart.init("t1", TENANT_UUID, "u", "stale.zip", 0).slot().uploadId();
    clock.advance(Duration.ofHours(1));
    String fresh = multipart.init("t1", TENANT_UUID, "u", "fresh.zip", 0).slot().uploadId();
    String first = putPart(fresh, 1, "abcd".getBytes());
    putPart(stale, 1, "efgh".getBytes());
    // Started at 10:00 and 11:00: the stale one expires at 12:00, the fresh one at 13:00.
    clock.advance(Duration.ofMinutes(61));

    assertThat(multipart.sweep()).isEqualTo(1);

    assertThat(dir.resolve("multipart").resolve(stale)).doesNotExist();
    assertThat(dir.resolve("multipart").resolve(fresh)).isDirectory();
    assertThatThrownBy(
            () -> multipart.complete("t1", stale, List.of(new MultipartUploads.Part(1, "x"))))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("UPLOAD_EXPIRED"));
    assertThatThrownBy(() -> multipart.partUrl("t1", stale, 2))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("UPLOAD_EXPIRED"));
    MultipartUploads.Completed done =
        multipart.complete("t1", fresh, List.of(new MultipartUploads.Part(1, '"' + first + '"')));
    assertThat(done.size()).isEqualTo(4);
    assertThat(dir.resolve("multipart").resolve(fresh)).doesNotExist();
    assertThat(multipart.sweep()).isZero();
  }

  @Test
  void multipart_partsAssembledAhead_areDiscardedWhenTheSweeperRemovesTheExpiredUpload()
      throws Exception {
    String stale = multipart.init("t1", TENANT_UUID, "u", "stale.zip", 0).slot().uploadId();
    putPart(stale, 1, "abcd".getBytes());
    putPart(stale, 2, "efgh".getBytes());
    assertThat(multipart.awaitAssembledAhead(stale, 2, Duration.ofSeconds(30))).isEqualTo(2);
    // The parts are written in place into the upload's data file and hashed there (no copy).
    Path data = dir.resolve("multipart").resolve(stale).resolve(MultipartUploads.DATA_FILE);
    assertThat(data).hasSize(8);
    Path blobTemp = dir.resolve("blobs").resolve("tmp");
    clock.advance(Duration.ofHours(3));

    assertThat(multipart.sweep()).isEqualTo(1);

    assertThat(dir.resolve("multipart").resolve(stale)).doesNotExist();
    if (Files.isDirectory(blobTemp)) {
      try (var files = Files.list(blobTemp)) {
        assertThat(files.toList()).isEmpty();
      }
    }
    assertThat(multipart.awaitAssembledAhead(stale, 1, Duration.ZERO)).isZero();
  }

  @AfterEach
  void cleanUp() throws IOException {
    TestFiles.deleteTree(dir);
  }

  @Test
  void url_pastItsExpiry_isRefusedAsExpired() {
    PresignedUploads.Ticket ticket = ticketOf(presigned.mint("t1", TENANT_UUID, "u", "a.zip", 19));

    clock.advance(Duration.ofMinutes(15).plusSeconds(1));

    assertThatThrownBy(() -> presigned.receive(ticket))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("UPLOAD_URL_EXPIRED"));
    assertThat(uploads.find(ticket.uploadId()).orElseThrow().state())
        .isEqualTo(UploadSlot.State.MINTED);
  }

  @Test
  void rotation_keepsUrlsSignedWithTheOldKeyWorking_andSignsNewOnesWithTheNewKey() {
    PresignedUploads.Ticket before = ticketOf(presigned.mint("t1", TENANT_UUID, "u", "a.zip", 19));

    clock.advance(Duration.ofHours(24).plusSeconds(-60)); // old key: one minute left
    PresignedUploads.Ticket sameKey = ticketOf(presigned.mint("t1", TENANT_UUID, "u", "b.zip", 19));
    clock.advance(Duration.ofMinutes(2)); // the old key is past its rotation
    PresignedUploads.Ticket after = ticketOf(presigned.mint("t1", TENANT_UUID, "u", "c.zip", 19));

    assertThat(sameKey.keyId()).isEqualTo(before.keyId());
    assertThat(after.keyId()).isNotEqualTo(before.keyId());
    assertThat(keys.all()).hasSize(2);
    store(sameKey);
    store(after);
  }

  @Test
  void sweep_removesUploadsPastTheirRetention_andBytesNothingElseUses() throws IOException {
    UploadSlot stored = store(ticketOf(presigned.mint("t1", TENANT_UUID, "u", "a.zip", 19)));
    String unused = presigned.mint("t1", TENANT_UUID, "u", "never.zip", 5).slot().uploadId();
    clock.advance(Duration.ofMinutes(15).plus(Duration.ofHours(23)));

    assertThat(presigned.sweepExpired(Duration.ofHours(24), blob -> false)).isZero();
    assertThat(uploads.find(stored.uploadId())).isPresent();

    clock.advance(Duration.ofHours(2));
    assertThat(presigned.sweepExpired(Duration.ofHours(24), blob -> false)).isEqualTo(2);
    assertThat(uploads.find(stored.uploadId())).isEmpty();
    assertThat(uploads.find(unused)).isEmpty();
    assertThat(blobs.exists(stored.blobId())).isFalse();
    assertThatThrownBy(() -> presigned.stored("t1", stored.storagePath()))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("UPLOAD_NOT_FOUND"));
  }

  @Test
  void sweep_keepsBytesAVersionStillUses() throws IOException {
    UploadSlot stored = store(ticketOf(presigned.mint("t1", TENANT_UUID, "u", "a.zip", 19)));
    clock.advance(Duration.ofDays(2));

    assertThat(presigned.sweepExpired(Duration.ofHours(24), stored.blobId()::equals)).isEqualTo(1);

    assertThat(uploads.find(stored.uploadId())).isEmpty();
    assertThat(blobs.exists(stored.blobId())).as("still a course version's bytes").isTrue();
  }

  @Test
  void url_isSingleUse_andAFailedPutFreesItForARetry() throws IOException {
    PresignedUploads.Ticket ticket = ticketOf(presigned.mint("t1", TENANT_UUID, "u", "a.zip", 19));

    try (PresignedUploads.Receiving r = presigned.receive(ticket)) {
      r.write(BYTES, 0, 10);
      assertThatThrownBy(r::finish)
          .isInstanceOfSatisfying(
              DomainException.class, e -> assertThat(e.reason()).isEqualTo("BODY_SIZE_MISMATCH"));
    }
    assertThat(blobs.exists(sha(BYTES))).isFalse();

    UploadSlot stored = store(ticket);
    assertThat(stored.state()).isEqualTo(UploadSlot.State.STORED);
    assertThat(presigned.stored("t1", stored.storagePath()).blobId()).isEqualTo(stored.blobId());
    assertThatThrownBy(() -> presigned.receive(ticket))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("UPLOAD_URL_USED"));
    assertThatThrownBy(() -> presigned.stored("t2", stored.storagePath()))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("UPLOAD_NOT_FOUND"));
  }

  @Test
  void secondPutWhileTheFirstStreams_isRefused() {
    PresignedUploads.Ticket ticket = ticketOf(presigned.mint("t1", TENANT_UUID, "u", "a.zip", 19));

    try (PresignedUploads.Receiving first = presigned.receive(ticket)) {
      assertThatThrownBy(() -> presigned.receive(ticket))
          .isInstanceOfSatisfying(
              DomainException.class, e -> assertThat(e.reason()).isEqualTo("UPLOAD_URL_USED"));
    }
  }

  @Test
  void putAbandonedByAServerThatDied_isTakenOverByARetryOnceItsClaimRunsOut() {
    PresignedUploads.Ticket ticket = ticketOf(presigned.mint("t1", TENANT_UUID, "u", "a.zip", 19));
    // A PUT whose server was killed mid-body: claimed, some bytes, never finished nor closed.
    PresignedUploads.Receiving dead = presigned.receive(ticket);
    dead.write(BYTES, 0, 5);

    clock.advance(presigned.claimLease());
    assertThatThrownBy(() -> presigned.receive(ticket))
        .as("the claim has not run out yet")
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("UPLOAD_URL_USED"));
    clock.advance(Duration.ofSeconds(1));
    UploadSlot stored = store(ticket);
    assertThat(stored.state()).isEqualTo(UploadSlot.State.STORED);
    assertThat(stored.blobId()).isEqualTo(sha(BYTES));
    assertThatThrownBy(() -> dead.write(BYTES, 5, 5))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("UPLOAD_TAKEN_OVER"));
  }

  @Test
  void slowPutThatKeepsSendingBytes_keepsItsClaimPastTheLease() {
    PresignedUploads.Ticket ticket = ticketOf(presigned.mint("t1", TENANT_UUID, "u", "a.zip", 19));
    try (PresignedUploads.Receiving slow = presigned.receive(ticket)) {
      Duration step = presigned.claimLease().dividedBy(2);
      for (int i = 0; i < 4; i++) {
        clock.advance(step);
        slow.write(BYTES, i * 4, 4);
        assertThatThrownBy(() -> presigned.receive(ticket))
            .isInstanceOfSatisfying(
                DomainException.class, e -> assertThat(e.reason()).isEqualTo("UPLOAD_URL_USED"));
      }
      slow.write(BYTES, 16, 3);
      assertThat(slow.finish().state()).isEqualTo(UploadSlot.State.STORED);
    }
  }

  @Test
  void multipartCompletionAbandonedByAServerThatDied_canBeCompletedAgainOnceItsClaimRunsOut()
      throws IOException {
    String id = multipart.init("t1", TENANT_UUID, "u", "big.zip", 6).slot().uploadId();
    String e1 = putPart(id, 1, "abcd".getBytes());
    // A completion whose server was killed while it assembled: claimed and never renewed.
    assertThat(uploads.claim(id, "dead-completion", clock.instant())).isTrue();
    List<MultipartUploads.Part> parts =
        List.of(new MultipartUploads.Part(1, e1), new MultipartUploads.Part(2, "x"));

    assertThatThrownBy(() -> multipart.complete("t1", id, parts))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.reason()).isEqualTo("UPLOAD_COMPLETED"));
    clock.advance(PresignedUploads.DEFAULT_CLAIM_LEASE.plusSeconds(1));
    // The upload takes parts again, and the completion.
    String e2 = putPart(id, 2, "ef".getBytes());
    MultipartUploads.Completed done =
        multipart.complete(
            "t1", id, List.of(new MultipartUploads.Part(1, e1), new MultipartUploads.Part(2, e2)));
    assertThat(done.slot().state()).isEqualTo(UploadSlot.State.STORED);
    assertThat(done.size()).isEqualTo(6);
    try (var in = blobs.open(done.slot().blobId())) {
      assertThat(new String(in.readAllBytes())).isEqualTo("abcdef");
    }
    assertThat(uploads.complete(id, "dead-completion", "other")).isFalse();
  }

  @Test
  void partPutsKilledMidBody_leaveTempFilesThatTheStartRemoves_andThePartsStay()
      throws IOException {
    String id = multipart.init("t1", TENANT_UUID, "u", "big.zip", 0).slot().uploadId();
    putPart(id, 1, "abcd".getBytes());
    Path uploadDir = dir.resolve("multipart").resolve(id);
    Path leftover = Files.writeString(uploadDir.resolve("tmp-dead-put"), "half a part");

    assertThat(multipart.removeLeftoverPartTemps()).isEqualTo(1);
    assertThat(leftover).doesNotExist();
    try (var files = Files.list(uploadDir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder(MultipartUploads.DATA_FILE, "1.in");
    }
  }

  private UploadSlot store(PresignedUploads.Ticket ticket) {
    try (PresignedUploads.Receiving r = presigned.receive(ticket)) {
      r.write(BYTES, 0, BYTES.length);
      return r.finish();
    }
  }

  private static PresignedUploads.Ticket ticketOf(PresignedUploads.Minted minted) {
    URI url = URI.create(minted.url());
    Map<String, String> q = new HashMap<>();
    for (String pair : url.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      q.put(kv[0], kv[1]);
    }
    String path = url.getPath();
    return new PresignedUploads.Ticket(
        path.substring(path.lastIndexOf('/') + 1),
        q.get("tenant"),
        Long.parseLong(q.get("expires")),
        Long.parseLong(q.get("size")),
        q.get("kid"),
        q.get("sig"),
        "application/zip");
  }

  private static String sha(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class SettableClock extends Clock {
    private Instant now;

    SettableClock(Instant now) {
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

  private static final class MemoryUploads implements UploadRepository {
    private final Map<String, UploadSlot> slots = new HashMap<>();

    @Override
    public synchronized void insert(UploadSlot slot) {
      slots.put(slot.uploadId(), slot);
    }

    @Override
    public synchronized Optional<UploadSlot> find(String uploadId) {
      return Optional.ofNullable(slots.get(uploadId));
    }

    @Override
    public synchronized boolean claim(String uploadId) {
      return move(uploadId, UploadSlot.State.MINTED, UploadSlot.State.RECEIVING, null);
    }

    @Override
    public synchronized void release(String uploadId) {
      move(uploadId, UploadSlot.State.RECEIVING, UploadSlot.State.MINTED, null);
    }

    @Override
    public synchronized java.util.List<UploadSlot> expiredBefore(
        java.time.Instant cutoff, int limit) {
      return slots.values().stream()
          .filter(s -> s.expires().isBefore(cutoff))
          .limit(limit)
          .toList();
    }

    @Override
    public synchronized boolean delete(String uploadId, UploadSlot.State state) {
      UploadSlot s = slots.get(uploadId);
      return s != null && s.state() == state && slots.remove(uploadId) != null;
    }

    @Override
    public synchronized boolean isBlobReferenced(String blobId) {
      return slots.values().stream().anyMatch(s -> blobId.equals(s.blobId()));
    }

    @Override
    public synchronized boolean complete(String uploadId, String blobId) {
      return move(uploadId, UploadSlot.State.RECEIVING, UploadSlot.State.STORED, blobId);
    }

    private final Map<String, String> holders = new HashMap<>();
    private final Map<String, Instant> renewedAt = new HashMap<>();

    @Override
    public synchronized boolean claim(String uploadId, String holder, Instant now) {
      if (!move(uploadId, UploadSlot.State.MINTED, UploadSlot.State.RECEIVING, null)) {
        return false;
      }
      holders.put(uploadId, holder);
      renewedAt.put(uploadId, now);
      return true;
    }

    @Override
    public synchronized boolean renew(String uploadId, String holder, Instant now) {
      if (!holds(uploadId, holder)) {
        return false;
      }
      renewedAt.put(uploadId, now);
      return true;
    }

    @Override
    public synchronized boolean releaseStale(String uploadId, Instant staleBefore) {
      UploadSlot s = slots.get(uploadId);
      if (s == null
          || s.state() != UploadSlot.State.RECEIVING
          || holders.get(uploadId) == null
          || !renewedAt.get(uploadId).isBefore(staleBefore)) {
        return false;
      }
      holders.remove(uploadId);
      return move(uploadId, UploadSlot.State.RECEIVING, UploadSlot.State.MINTED, null);
    }

    @Override
    public synchronized void release(String uploadId, String holder) {
      if (holds(uploadId, holder)) {
        holders.remove(uploadId);
        move(uploadId, UploadSlot.State.RECEIVING, UploadSlot.State.MINTED, null);
      }
    }

    @Override
    public synchronized boolean complete(String uploadId, String holder, String blobId) {
      if (!holds(uploadId, holder)) {
        return false;
      }
      holders.remove(uploadId);
      return move(uploadId, UploadSlot.State.RECEIVING, UploadSlot.State.STORED, blobId);
    }

    private boolean holds(String uploadId, String holder) {
      UploadSlot s = slots.get(uploadId);
      return s != null
          && s.state() == UploadSlot.State.RECEIVING
          && holder.equals(holders.get(uploadId));
    }

    private boolean move(String id, UploadSlot.State from, UploadSlot.State to, String blobId) {
      UploadSlot s = slots.get(id);
      if (s == null || s.state() != from) {
        return false;
      }
      slots.put(
          id,
          new UploadSlot(
              s.uploadId(),
              s.tenantId(),
              s.tenantUuid(),
              s.uploadedBy(),
              s.fileName(),
              s.declaredSize(),
              s.expires(),
              to,
              blobId != null ? blobId : s.blobId(),
              s.created()));
      return true;
    }
  }

  private static final class MemoryKeys implements SigningKeyRepository {
    private final List<SigningKey> keys = new ArrayList<>();

    @Override
    public synchronized List<SigningKey> all() {
      return keys.stream().sorted(Comparator.comparing(SigningKey::created).reversed()).toList();
    }

    @Override
    public synchronized void insert(SigningKey key) {
      keys.add(key);
    }

    @Override
    public synchronized void deleteCreatedBefore(Instant cutoff) {
      keys.removeIf(k -> k.created().isBefore(cutoff));
    }
  }
}
