package org.courseport.server.export.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** External media downloaded for an export go once the exports that downloaded them ended. */
class ExportDownloadsTest {
  @TempDir Path dir;

  private final Set<String> referenced = new HashSet<>();

  private ExportDownloads downloads(BlobStore blobs) {
    return new ExportDownloads(
        url -> {
          try (BlobStore.BlobWriter w = blobs.newWriter()) {
            w.stream().write(url.getBytes(StandardCharsets.UTF_8));
            return w.commit(id -> {});
          }
        },
        blobs,
        referenced::contains);
  }

  private static String download(ExportDownloads d, String url) {
    try {
      return d.download(url);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void downloadsOfAnExport_areDeletedAfterIt_evenWhenItFailed() throws IOException {
    FileSystemBlobStore blobs = new FileSystemBlobStore(dir);
    ExportDownloads d = downloads(blobs);

    String id = d.during(() -> download(d, "https://img.example/a.png"));
    assertThat(blobs.exists(id)).isFalse();

    String[] failed = new String[1];
    assertThatThrownBy(
            () ->
                d.during(
                    () -> {
                      failed[0] = download(d, "https://img.example/b.png");
                      throw new IllegalStateException("the export failed");
                    }))
        .hasMessage("the export failed");
    assertThat(blobs.exists(failed[0])).isFalse();
    assertThat(d.held()).isZero();
  }

  @Test
  void aDownloadSomethingRefersTo_orOutsideAnExport_isKept() throws IOException {
    FileSystemBlobStore blobs = new FileSystemBlobStore(dir);
    ExportDownloads d = downloads(blobs);
    String kept = download(d, "https://img.example/outside.png");
    assertThat(blobs.exists(kept)).isTrue();

    String known =
        org.courseport.server.domain.Sha256.hex(
            "https://img.example/known.png".getBytes(StandardCharsets.UTF_8));
    referenced.add(known);
    assertThat(d.during(() -> download(d, "https://img.example/known.png"))).isEqualTo(known);
    assertThat(blobs.exists(known)).as("a media item has the same bytes").isTrue();
    assertThat(blobs.exists(kept)).isTrue();
  }

  @Test
  void aDownloadAnotherExportStillUses_isKeptUntilThatOneEnds() throws Exception {
    FileSystemBlobStore blobs = new FileSystemBlobStore(dir);
    ExportDownloads d = downloads(blobs);
    CountDownLatch downloaded = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    CompletableFuture<String> other =
        CompletableFuture.supplyAsync(
            () ->
                d.during(
                    () -> {
                      String id = download(d, "https://img.example/shared.png");
                      downloaded.countDown();
                      try {
                        finish.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return id;
                    }));
    assertThat(downloaded.await(10, TimeUnit.SECONDS)).isTrue();

    String id = d.during(() -> download(d, "https://img.example/shared.png"));
    assertThat(blobs.exists(id)).as("the other export still writes its zip").isTrue();
    finish.countDown();
    assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo(id);
    assertThat(blobs.exists(id)).isFalse();
    assertThat(Files.exists(blobs.pathOf(id))).isFalse();
  }
}
