package org.courseport.server.export.imported;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenArchivesTest {
  @TempDir Path dir;

  @Test
  void streamOfAnEvictedArchive_keepsReading_andEveryPackageAnswersItsOwnBytes() throws Exception {
    BlobStore blobs = new FileSystemBlobStore(dir);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(
          store(
              blobs,
              ImportedFixture.zip(
                  ImportedFixture.files(
                      "top/a.txt", "alpha " + i, "top/imsmanifest.xml", "<m/>"))));
    }
    OpenArchives archives = new OpenArchives(blobs, ZipLimits.defaults());

    try (InputStream first = archives.open(ids.get(0), "a.txt")) {
      assertThat(first.read()).isEqualTo('a');
      for (int i = 1; i < ids.size(); i++) {
        assertThat(read(archives.open(ids.get(i), "a.txt"))).isEqualTo("alpha " + i);
      }
      assertThat(new String(first.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("lpha 0");
    }
    assertThat(read(archives.open(ids.get(0), "a.txt"))).isEqualTo("alpha 0");
    assertThatThrownBy(() -> archives.open(ids.get(0), "missing.txt"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("missing.txt");
  }

  private static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String store(BlobStore blobs, byte[] bytes) throws IOException {
    try (BlobStore.BlobWriter w = blobs.newWriter()) {
      w.stream().write(bytes);
      return w.commit();
    }
  }
}
