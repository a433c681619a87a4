package org.courseport.server.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.courseport.server.content.ContentOriginFixture.Entry.deflated;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache of open stored packages: shared, retired beyond capacity, closed after last use. */
class OpenPackagesTest {
  @TempDir Path dir;

  private static String store(BlobStore blobs, byte[] zip) throws IOException {
    try (BlobStore.BlobWriter w = blobs.newWriter()) {
      w.stream().write(zip);
      return w.commit();
    }
  }

  private static String read(OpenPackage pkg, String path) throws IOException {
    ArchiveEntry e = pkg.find(path).orElseThrow();
    try (InputStream in = pkg.archive().open(e)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void samePackage_isOpenedOnce_andTheEldestIsRetiredButStaysReadableWhileLeased()
      throws Exception {
    BlobStore blobs = new FileSystemBlobStore(dir);
    String a = store(blobs, ContentOriginFixture.zip(deflated("a.html", "A")));
    String b = store(blobs, ContentOriginFixture.zip(deflated("b.html", "B")));
    OpenPackages packages = new OpenPackages(blobs, ZipLimits.defaults(), 1);

    OpenPackage.Lease first = packages.acquire(a);
    try (OpenPackage.Lease again = packages.acquire(a)) {
      assertThat(again.pkg()).isSameAs(first.pkg());
    }
    OpenPackage.Lease other = packages.acquire(b);
    assertThat(packages.size()).isEqualTo(1);
    // Retired from the cache, but its lease still reads.
    assertThat(read(first.pkg(), "a.html")).isEqualTo("A");
    OpenPackage retired = first.pkg();
    first.close();
    first.close(); // twice is harmless
    assertThatThrownBy(() -> read(retired, "a.html")).isInstanceOf(IOException.class);
    assertThat(read(other.pkg(), "b.html")).isEqualTo("B");
    other.close();
    // Still cached: opening again answers the same open package.
    try (OpenPackage.Lease back = packages.acquire(b)) {
      assertThat(back.pkg()).isSameAs(other.pkg());
    }
    packages.close();
    assertThatThrownBy(() -> read(other.pkg(), "b.html")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> packages.acquire(a)).isInstanceOf(IOException.class);
  }

  @Test
  void openStoredRange_seeksInStoredEntries_only() throws Exception {
    BlobStore blobs = new FileSystemBlobStore(dir);
    byte[] media = ContentOriginFixture.noise(100_000, 7);
    String id =
        store(
            blobs,
            ContentOriginFixture.zip(
                deflated("a.txt", "deflated text"),
                ContentOriginFixture.Entry.stored("m.mp4", media)));
    try (OpenPackages packages = new OpenPackages(blobs, ZipLimits.defaults(), 4);
        OpenPackage.Lease lease = packages.acquire(id)) {
      var archive = lease.pkg().archive();
      ArchiveEntry m = lease.pkg().find("m.mp4").orElseThrow();
      try (InputStream in = archive.openStoredRange(m, 40_000, 1_000).orElseThrow()) {
        assertThat(in.readAllBytes())
            .isEqualTo(java.util.Arrays.copyOfRange(media, 40_000, 41_000));
      }
      assertThat(archive.openStoredRange(lease.pkg().find("a.txt").orElseThrow(), 0, 3)).isEmpty();
      assertThatThrownBy(() -> archive.openStoredRange(m, 99_999, 2))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void find_repairsCase_andRefusesAmbiguousCase() throws Exception {
    BlobStore blobs = new FileSystemBlobStore(dir);
    String id =
        store(
            blobs,
            ContentOriginFixture.zip(
                deflated("Index.HTML", "i"), deflated("x/A.js", "1"), deflated("x/a.JS", "2")));
    try (OpenPackages packages = new OpenPackages(blobs, ZipLimits.defaults(), 4);
        OpenPackage.Lease lease = packages.acquire(id)) {
      assertThat(lease.pkg().find("index.html")).map(ArchiveEntry::path).hasValue("Index.HTML");
      assertThat(lease.pkg().find("x/A.js")).map(ArchiveEntry::path).hasValue("x/A.js");
      assertThat(lease.pkg().find("x/a.js")).isEmpty();
      assertThat(lease.pkg().find("missing.html")).isEmpty();
    }
  }
}
