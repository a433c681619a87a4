package org.courseport.server.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.blob.BlobStore.BlobWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link BlobStore} promises, run against each implementation: content addressing,
 * streaming in both directions, random access, dedup, abort, id validation, and the blob guard
 * shared by two instances on the same storage (two replicas).
 */
abstract class BlobStoreContract {
  @TempDir Path scratch;

  /** The store under test. */
  abstract BlobStore store();

  /** A second instance on the same storage, as another replica (or process) would open it. */
  abstract BlobStore otherReplica() throws IOException;

  /** How many stored copies of the blob's bytes exist (dedup). */
  abstract long storedCopies(String blobId) throws IOException;

  /** How many uncommitted leftovers (temp files, pending uploads, chunks) the store holds. */
  abstract long leftovers() throws IOException;

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static String put(BlobStore store, byte[] bytes) throws IOException {
    try (BlobWriter writer = store.newWriter()) {
      writer.stream().write(bytes);
      return writer.commit();
    }
  }

  static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static byte[] read(BlobStore store, String id) throws IOException {
    try (InputStream in = store.open(id)) {
      return in.readAllBytes();
    }
  }

  @Test
  void committedBlobIsNamedBySha256AndReadableEveryWay() throws Exception {
    byte[] bytes = "hello, blob".getBytes(StandardCharsets.UTF_8);

    String id = put(store(), bytes);

    assertThat(id).isEqualTo(sha256(bytes));
    assertThat(store().exists(id)).isTrue();
    assertThat(store().size(id)).isEqualTo(bytes.length);
    assertThat(read(store(), id)).isEqualTo(bytes);
    try (SeekableByteChannel channel = store().openChannel(id)) {
      ByteBuffer all = ByteBuffer.allocate(bytes.length);
      while (all.hasRemaining() && channel.read(all) > 0) {}
      assertThat(all.array()).isEqualTo(bytes);
    }
    assertThat(read(otherReplica(), id)).isEqualTo(bytes);
  }

  @Test
  void largeMixedWritesAreHashedStoredAndStreamedBackInOrder() throws Exception {
    byte[] large = random(3 * (1 << 20) + 17, 42);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    String id;
    try (BlobWriter writer = store().newWriter();
        OutputStream out = writer.stream()) {
      for (OutputStream o : new OutputStream[] {out, expected}) {
        o.write(7);
        o.write(large, 5, 1000);
        o.write(large);
        o.write(large, 0, (1 << 20) - 3);
        o.write(9);
      }
      assertThat(writer.size()).isEqualTo(expected.size());
      id = writer.commit();
    }

    byte[] bytes = expected.toByteArray();
    assertThat(id).isEqualTo(sha256(bytes));
    assertThat(store().size(id)).isEqualTo(bytes.length);
    assertThat(read(store(), id)).isEqualTo(bytes);
  }

  @Test
  void appendedFilesInterleavedWithWritesAreStoredInOrder() throws Exception {
    byte[] first = random(700_001, 3);
    byte[] second = random(65_537, 4);
    Path a = Files.write(scratch.resolve("part-a"), first);
    Path b = Files.write(scratch.resolve("part-b"), second);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    String id;
    try (BlobWriter writer = store().newWriter()) {
      writer.stream().write(first, 0, 100);
      expected.write(first, 0, 100);
      append(writer, a);
      expected.write(first);
      append(writer, b);
      expected.write(second);
      writer.stream().write(second, 0, 7);
      expected.write(second, 0, 7);
      assertThat(writer.size()).isEqualTo(expected.size());
      id = writer.commit();
    }

    assertThat(id).isEqualTo(sha256(expected.toByteArray()));
    assertThat(read(store(), id)).isEqualTo(expected.toByteArray());
    assertThat(a).hasBinaryContent(first);
  }

  static void append(BlobWriter writer, Path file) throws IOException {
    try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
      writer.append(source);
    }
  }

  @Test
  void emptyBlobIsTheSha256OfNothing() throws Exception {
    String id = put(store(), new byte[0]);

    assertThat(id).isEqualTo(sha256(new byte[0]));
    assertThat(store().size(id)).isZero();
    assertThat(read(store(), id)).isEmpty();
    try (SeekableByteChannel channel = store().openChannel(id)) {
      assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
    }
  }

  @Test
  void channelReadsAnyRangeIncludingAcrossChunkBoundaries() throws Exception {
    byte[] bytes = random(1_000_003, 7);
    String id = put(store(), bytes);

    try (SeekableByteChannel channel = store().openChannel(id)) {
      assertThat(channel.size()).isEqualTo(bytes.length);
      for (int start : new int[] {999_990, 0, 261_100, 522_230, 10, 783_000}) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(40_000, bytes.length - start));
        channel.position(start);
        while (buffer.hasRemaining()) {
          assertThat(channel.read(buffer)).isPositive();
        }
        byte[] expected = new byte[buffer.capacity()];
        System.arraycopy(bytes, start, expected, 0, expected.length);
        assertThat(buffer.array()).as("bytes at %d", start).isEqualTo(expected);
        assertThat(channel.position()).isEqualTo(start + expected.length);
      }
      channel.position(bytes.length + 5L);
      assertThat(channel.read(ByteBuffer.allocate(4))).isEqualTo(-1);
    }
  }

  @Test
  void sameContentCommittedTwiceIsStoredOnce() throws Exception {
    byte[] bytes = random(300_000, 9);

    String first = put(store(), bytes);
    String second = put(otherReplica(), bytes);

    assertThat(second).isEqualTo(first);
    assertThat(storedCopies(first)).isEqualTo(1);
    assertThat(leftovers()).isZero();
    assertThat(read(store(), first)).isEqualTo(bytes);
  }

  @Test
  void identicalConcurrentUploadsOnTwoReplicasStoreOneCopyAndAllRecordTheirReference()
      throws Exception {
    byte[] bytes = random(600_000, 11);
    BlobStore[] replicas = {store(), otherReplica()};
    Set<Integer> recorded = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<String>> ids = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        ids.add(
            pool.submit(
                () -> {
                  start.await();
                  try (BlobWriter writer = replicas[n % 2].newWriter()) {
                    writer.stream().write(bytes);
                    return writer.commit(id -> recorded.add(n));
                  }
                }));
      }
      start.countDown();
      for (Future<String> id : ids) {
        assertThat(id.get(60, TimeUnit.SECONDS)).isEqualTo(sha256(bytes));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(recorded).hasSize(8);
    assertThat(storedCopies(sha256(bytes))).isEqualTo(1);
    assertThat(leftovers()).isZero();
    assertThat(read(store(), sha256(bytes))).isEqualTo(bytes);
  }

  @Test
  void closingWithoutCommitLeavesNothingBehind() throws Exception {
    byte[] bytes = random(700_000, 12);
    try (BlobWriter writer = store().newWriter()) {
      writer.stream().write(bytes);
      writer.stream().flush();
    }

    assertThat(leftovers()).isZero();
    assertThat(store().exists(sha256(bytes))).isFalse();
  }

  @Test
  void streamClosedByTheCallerStillCommitsButTakesNoMoreBytes() throws Exception {
    try (BlobWriter writer = store().newWriter()) {
      try (OutputStream out = writer.stream()) {
        out.write(1);
      }
      assertThatThrownBy(() -> writer.stream().write(2)).isInstanceOf(IOException.class);
      assertThat(writer.commit()).isEqualTo(sha256(new byte[] {1}));
      assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class);
    }
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "../../../../etc/passwd",
        "A665A45920422F9D417E4867EFDC4FB8A04A1F3FFF1FA07E998E86F7F7A27AE3",
        "a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae",
        "pending/a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86",
        "g665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3"
      })
  void idsThatAreNotLowerCaseSha256HexAreRefused(String id) {
    BlobStore store = store();
    assertThatThrownBy(() -> store.open(id)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.openChannel(id)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.exists(id)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.size(id)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.delete(id)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.deleteUnlessReferenced(id, () -> false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void absentBlobIsReportedAsAbsent() {
    String id = "a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3";
    BlobStore store = store();

    assertThat(store.exists(id)).isFalse();
    assertThatThrownBy(() -> store.size(id)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.open(id)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.openChannel(id)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void deleteRemovesTheBlobOnceForEveryReplica() throws Exception {
    String id = put(store(), random(400_000, 13));

    assertThat(otherReplica().delete(id)).isTrue();
    assertThat(store().delete(id)).isFalse();

    assertThat(store().exists(id)).isFalse();
    assertThat(storedCopies(id)).isZero();
  }

  @Test
  void deleteUnlessReferencedKeepsAReferencedBlob() throws Exception {
    String id = put(store(), random(1000, 14));

    assertThat(store().deleteUnlessReferenced(id, () -> true)).isFalse();
    assertThat(store().exists(id)).isTrue();
    assertThat(store().deleteUnlessReferenced(id, () -> false)).isTrue();
    assertThat(store().exists(id)).isFalse();
    assertThat(storedCopies(id)).isZero();
  }

  /**
   * A delete on one replica checks "unreferenced" and, still deciding, lets an identical upload on
   * the other replica try to commit. The upload must wait for the guard (so the wait below runs
   * out) and then publish its own copy; without a shared guard it would record its reference to the
   * existing copy, which the delete then removes.
   */
  @Test
  void deleteRacingAnIdenticalUploadOnAnotherReplicaNeverLosesTheUploadsBlob() throws Exception {
    byte[] bytes = random(500_000, 15);
    String id = put(store(), bytes);
    BlobStore other = otherReplica();
    CountDownLatch checking = new CountDownLatch(1);
    CountDownLatch uploaded = new CountDownLatch(1);
    AtomicBoolean referenceRecorded = new AtomicBoolean();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> upload =
          pool.submit(
              () -> {
                checking.await();
                try (BlobWriter writer = other.newWriter()) {
                  writer.stream().write(bytes);
                  String committed = writer.commit(x -> referenceRecorded.set(true));
                  uploaded.countDown();
                  return committed;
                }
              });

      boolean deleted =
          store()
              .deleteUnlessReferenced(
                  id,
                  () -> {
                    checking.countDown();
                    try {
                      // Held by the guard, the upload cannot finish within this wait.
                      assertThat(uploaded.await(1, TimeUnit.SECONDS)).isFalse();
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                    return referenceRecorded.get();
                  });

      assertThat(deleted).isTrue();
      assertThat(upload.get(60, TimeUnit.SECONDS)).isEqualTo(id);
    } finally {
      pool.shutdownNow();
    }
    assertThat(referenceRecorded).isTrue();
    assertThat(store().exists(id)).isTrue();
    assertThat(read(store(), id)).isEqualTo(bytes);
    assertThat(storedCopies(id)).isEqualTo(1);
  }

  @Test
  void adoptTakesOverTheFileAndRecordsTheReference() throws Exception {
    byte[] bytes = random(333_333, 16);
    Path file = Files.write(scratch.resolve("whole.zip"), bytes);
    List<String> references = new ArrayList<>();

    String id = store().adopt(file, sha256(bytes), references::add);

    assertThat(id).isEqualTo(sha256(bytes));
    assertThat(references).containsExactly(id);
    assertThat(file).doesNotExist();
    assertThat(read(otherReplica(), id)).isEqualTo(bytes);
  }
}
