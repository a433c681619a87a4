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
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.courseport.server.domain.blob.BlobStore.BlobWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link FileSystemBlobStore}: content addressing, dedup, abort, id validation, restarts. */
class FileSystemBlobStoreTest {
  @TempDir Path dataDir;
  FileSystemBlobStore store;

  @BeforeEach
  void openStore() throws IOException {
    store = new FileSystemBlobStore(dataDir);
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  String put(byte[] bytes) throws IOException {
    try (BlobWriter writer = store.newWriter()) {
      writer.stream().write(bytes);
      return writer.commit();
    }
  }

  long filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void committedBlobIsNamedBySha256AndStoredInItsShard() throws Exception {
    byte[] bytes = "hello, blob".getBytes(StandardCharsets.UTF_8);

    String id = put(bytes);

    assertThat(id).isEqualTo(sha256(bytes));
    Path file =
        dataDir
            .resolve("blobs")
            .resolve(id.substring(0, 2))
            .resolve(id.substring(2, 4))
            .resolve(id);
    assertThat(store.pathOf(id)).isEqualTo(file.toAbsolutePath().normalize());
    assertThat(file).hasBinaryContent(bytes);
    assertThat(store.exists(id)).isTrue();
    assertThat(store.size(id)).isEqualTo(bytes.length);
    try (InputStream in = store.open(id)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
  }

  @Test
  void mixedSmallAndLargeWritesHashAndStoreEveryByteInOrder() throws Exception {
    byte[] large = new byte[3 * HashingFileOutputStream.BUFFER_SIZE + 17];
    new Random(42).nextBytes(large);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    String id;
    try (BlobWriter writer = store.newWriter();
        OutputStream out = writer.stream()) {
      for (OutputStream o : new OutputStream[] {out, expected}) {
        o.write(7);
        o.write(large, 5, 1000);
        o.write(large);
        o.write(large, 0, HashingFileOutputStream.BUFFER_SIZE - 3);
        o.write(9);
      }
      assertThat(writer.size()).isEqualTo(expected.size());
      id = writer.commit();
    }

    byte[] bytes = expected.toByteArray();
    assertThat(id).isEqualTo(sha256(bytes));
    assertThat(store.pathOf(id)).hasBinaryContent(bytes);
  }

  @Test
  void appendedFilesInterleavedWithWritesAreHashedAndStoredInOrder() throws Exception {
    byte[] first = new byte[2 * HashingFileOutputStream.BUFFER_SIZE + 5];
    byte[] second = new byte[HashingFileOutputStream.BUFFER_SIZE - 1];
    new Random(3).nextBytes(first);
    new Random(4).nextBytes(second);
    Path a = Files.write(dataDir.resolve("part-a"), first);
    Path b = Files.write(dataDir.resolve("part-b"), second);
    Path empty = Files.write(dataDir.resolve("part-empty"), new byte[0]);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    String id;
    try (BlobWriter writer = store.newWriter()) {
      writer.stream().write(first, 0, 100); // still in the stream's buffer when a file comes
      expected.write(first, 0, 100);
      append(writer, a);
      expected.write(first);
      append(writer, empty);
      append(writer, b);
      expected.write(second);
      writer.stream().write(second, 0, 7);
      expected.write(second, 0, 7);
      assertThat(writer.size()).isEqualTo(expected.size());
      id = writer.commit();
    }

    byte[] bytes = expected.toByteArray();
    assertThat(id).isEqualTo(sha256(bytes));
    assertThat(store.pathOf(id)).hasBinaryContent(bytes);
    assertThat(a).hasBinaryContent(first); // the sources are left as they were
  }

  static void append(BlobWriter writer, Path file) throws IOException {
    try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
      writer.append(source);
    }
  }

  @Test
  void theDefaultAppendOfOtherStoresWritesTheFileThroughTheStream() throws Exception {
    byte[] part = new byte[200_000];
    new Random(5).nextBytes(part);
    Path file = Files.write(dataDir.resolve("part"), part);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    BlobWriter plain =
        new BlobWriter() {
          @Override
          public OutputStream stream() {
            return sink;
          }

          @Override
          public long size() {
            return sink.size();
          }

          @Override
          public String commit(java.util.function.Consumer<String> recordReference) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void close() {}
        };

    append(plain, file);
    append(plain, file);

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(part);
    expected.write(part);
    assertThat(sink.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void emptyBlobIsTheSha256OfNothing() throws Exception {
    String id = put(new byte[0]);

    assertThat(id).isEqualTo(sha256(new byte[0]));
    assertThat(store.size(id)).isZero();
  }

  @Test
  void channelReadsAnyRangeOfTheBlob() throws Exception {
    String id = put("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    try (SeekableByteChannel channel = store.openChannel(id)) {
      ByteBuffer buffer = ByteBuffer.allocate(4);
      channel.position(10).read(buffer);
      assertThat(new String(buffer.array(), StandardCharsets.US_ASCII)).isEqualTo("abcd");
      assertThat(channel.size()).isEqualTo(16);
    }
  }

  @Test
  void sameContentCommittedTwiceIsStoredOnce() throws Exception {
    byte[] bytes = "twice".getBytes(StandardCharsets.UTF_8);

    String first = put(bytes);
    String second = put(bytes);

    assertThat(second).isEqualTo(first);
    assertThat(filesIn(store.root())).isEqualTo(1);
    assertThat(store.pathOf(first)).hasBinaryContent(bytes);
  }

  @Test
  void closingWithoutCommitLeavesNothingBehind() throws Exception {
    try (BlobWriter writer = store.newWriter()) {
      writer.stream().write(new byte[5000]);
      writer.stream().flush();
      assertThat(filesIn(store.root().resolve("tmp"))).isEqualTo(1);
    }

    assertThat(filesIn(store.root())).isZero();
    assertThat(store.exists(sha256(new byte[5000]))).isFalse();
  }

  @Test
  void streamClosedByTheCallerStillCommitsButTakesNoMoreBytes() throws Exception {
    try (BlobWriter writer = store.newWriter()) {
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
        "ab/../../../../../../etc/passwd",
        "A665A45920422F9D417E4867EFDC4FB8A04A1F3FFF1FA07E998E86F7F7A27AE3",
        "a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae",
        "a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3/",
        "../65a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3",
        "g665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3"
      })
  void idsThatAreNotLowerCaseSha256HexAreRefused(String id) {
    assertThatThrownBy(() -> store.open(id)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.openChannel(id)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.exists(id)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.size(id)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.delete(id)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.pathOf(id)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void absentBlobIsReportedAsAbsent() {
    String id = "a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3";

    assertThat(store.exists(id)).isFalse();
    assertThatThrownBy(() -> store.size(id)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.open(id)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.openChannel(id)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void deleteRemovesTheBlobOnce() throws Exception {
    String id = put(new byte[] {1, 2, 3});

    assertThat(store.delete(id)).isTrue();
    assertThat(store.delete(id)).isFalse();

    assertThat(store.exists(id)).isFalse();
  }

  @Test
  void restartKeepsBlobsAndRemovesLeftoverTempFiles() throws Exception {
    byte[] bytes = "survives".getBytes(StandardCharsets.UTF_8);
    String id = put(bytes);
    BlobWriter crashed = store.newWriter();
    crashed.stream().write(new byte[100]);
    crashed.stream().flush();
    assertThat(filesIn(store.root().resolve("tmp"))).isEqualTo(1);

    FileSystemBlobStore reopened = new FileSystemBlobStore(dataDir);

    assertThat(filesIn(reopened.root().resolve("tmp"))).isZero();
    try (InputStream in = reopened.open(id)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    crashed.close();
  }
}
