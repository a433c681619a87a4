package org.courseport.server.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HashingFileOutputStream}: full buffers are hashed and written in the background. */
class HashingFileOutputStreamTest {
  private static final int CHUNK = 64 * 1024;

  @TempDir Path dir;
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    background.shutdownNow();
  }

  @Test
  void chunksReusingOneArrayAreHashedAndWrittenInOrderAcrossManyBuffers() throws Exception {
    Path file = Files.createFile(dir.resolve("blob"));
    byte[] chunk = new byte[CHUNK];
    Random random = new Random(7);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    String id;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      HashingFileOutputStream out = new HashingFileOutputStream(channel, background);
      for (int i = 0; i < 5 * HashingFileOutputStream.BUFFER_SIZE / CHUNK + 3; i++) {
        random.nextBytes(chunk); // the caller reuses its array as soon as write returns
        out.write(chunk, 0, CHUNK - i % 5);
        expected.write(chunk, 0, CHUNK - i % 5);
      }
      id = out.finish();
      assertThat(out.size()).isEqualTo(expected.size());
    }

    byte[] bytes = expected.toByteArray();
    assertThat(id)
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    assertThat(file).hasBinaryContent(bytes);
  }

  @Test
  void aFailedBackgroundWriteFailsTheNextCallAndEveryLaterOne() throws Exception {
    Path file = Files.createFile(dir.resolve("blob"));
    try (FileChannel readOnly = FileChannel.open(file, StandardOpenOption.READ)) {
      HashingFileOutputStream out = new HashingFileOutputStream(readOnly, background);
      byte[] chunk = new byte[CHUNK];
      for (int i = 0; i <= HashingFileOutputStream.BUFFER_SIZE / CHUNK; i++) {
        out.write(chunk); // the 17th write hands the full buffer to the background thread
      }

      assertThatThrownBy(out::flush)
          .isInstanceOf(IOException.class)
          .hasCauseInstanceOf(NonWritableChannelException.class);
      assertThatThrownBy(() -> out.write(chunk)).isInstanceOf(IOException.class);
      assertThatThrownBy(out::finish).isInstanceOf(IOException.class);
      out.abort();
    }
  }

  @Test
  void anAppendedFileFollowsTheBufferedBytesAndCountsInTheHash() throws Exception {
    Path blob = Files.createFile(dir.resolve("blob"));
    byte[] part = new byte[HashingFileOutputStream.BUFFER_SIZE * 2 + 11];
    new Random(9).nextBytes(part);
    Path source = Files.write(dir.resolve("part"), part);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    String id;
    try (FileChannel channel = FileChannel.open(blob, StandardOpenOption.WRITE);
        FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
      HashingFileOutputStream out = new HashingFileOutputStream(channel, background);
      byte[] head = new byte[CHUNK];
      for (int i = 0; i <= HashingFileOutputStream.BUFFER_SIZE / CHUNK; i++) {
        out.write(head, 0, CHUNK); // one full buffer in the background, one partly filled
        expected.write(head, 0, CHUNK);
      }
      out.append(in);
      expected.write(part);
      out.write(5);
      expected.write(5);
      id = out.finish();
      assertThat(out.size()).isEqualTo(expected.size());
    }

    byte[] bytes = expected.toByteArray();
    assertThat(id)
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    assertThat(blob).hasBinaryContent(bytes);
  }

  @Test
  void aFailedAppendFailsEveryLaterCall() throws Exception {
    Path blob = Files.createFile(dir.resolve("blob"));
    Path source = Files.write(dir.resolve("part"), new byte[] {1, 2, 3});
    try (FileChannel readOnly = FileChannel.open(blob, StandardOpenOption.READ);
        FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
      HashingFileOutputStream out = new HashingFileOutputStream(readOnly, background);

      assertThatThrownBy(() -> out.append(in))
          .isInstanceOf(IOException.class)
          .hasCauseInstanceOf(NonWritableChannelException.class);
      assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
      assertThatThrownBy(out::finish).isInstanceOf(IOException.class);
      out.abort();
    }
  }
}
