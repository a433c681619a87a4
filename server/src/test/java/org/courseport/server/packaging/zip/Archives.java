package org.courseport.server.packaging.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.courseport.server.domain.DomainException;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;

/** Opens test zips held in memory and captures refusals. */
final class Archives {
  private Archives() {}

  static ZipPackageArchive open(byte[] zip) throws IOException {
    return open(zip, ZipLimits.defaults());
  }

  static ZipPackageArchive open(byte[] zip, ZipLimits limits) throws IOException {
    return ZipPackageArchive.open(new SeekableInMemoryByteChannel(zip), limits);
  }

  /** Opens and verifies the zip, expecting a refusal; returns it. */
  static DomainException refusal(byte[] zip) {
    return refusal(zip, ZipLimits.defaults());
  }

  static DomainException refusal(byte[] zip, ZipLimits limits) {
    DomainException refused =
        catchThrowableOfType(
            DomainException.class,
            () -> {
              try (ZipPackageArchive archive = open(zip, limits)) {
                ZipVerifier.shared().verify(archive);
              }
            });
    assertThat(refused).as("the zip must be refused").isNotNull();
    assertThat(refused.kind()).isEqualTo(DomainException.Kind.INVALID_ARGUMENT);
    return refused;
  }

  static String read(ZipPackageArchive archive, ArchiveEntry entry) {
    try (InputStream in = archive.open(entry)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ZipLimits limitsWith(long maxEntryBytes, long maxTotalBytes, int maxEntries) {
    ZipLimits d = ZipLimits.defaults();
    return new ZipLimits(
        maxEntries,
        maxTotalBytes,
        maxEntryBytes,
        d.maxRatio(),
        d.ratioFloorBytes(),
        d.maxPathDepth(),
        d.maxNameBytes(),
        d.maxXmlBytes());
  }
}
