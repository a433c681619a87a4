package org.courseport.server.packaging.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.courseport.server.packaging.zip.Archives.refusal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;

class LimitedEntryStreamTest {
  private static final int MIB = 1024 * 1024;

  private static byte[] packageWith(RawZip.Entry entry) {
    return new RawZip().add(RawZip.text("imsmanifest.xml", "<manifest/>")).add(entry).toBytes();
  }

  @Test
  void stopsABombWhoseDeclaredSizeLiesAtTheDeclaredSize() throws Exception {
    RawZip.Entry bomb = RawZip.deflatedZeros("video.mp4", 256L * MIB).withSize(MIB);
    AtomicLong delivered = new AtomicLong();

    DomainException refused =
        catchThrowableOfType(
            DomainException.class,
            () -> {
              try (ZipPackageArchive archive = Archives.open(packageWith(bomb));
                  InputStream in = archive.open(archive.find("video.mp4").orElseThrow())) {
                byte[] buffer = new byte[4096];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  delivered.addAndGet(n);
                }
              }
            });

    assertThat(refused.reason()).isEqualTo(ZipRefusal.INVALID);
    assertThat(refused.metadata())
        .containsEntry("rule", "zip.size-mismatch")
        .containsEntry("entry", "video.mp4");
    assertThat(delivered.get()).isLessThanOrEqualTo(MIB);
  }

  @Test
  void verifyAllRefusesTheLyingBomb() {
    RawZip.Entry bomb = RawZip.deflatedZeros("a.txt", 64L * MIB).withSize(100);

    assertThat(refusal(packageWith(bomb)).metadata()).containsEntry("rule", "zip.size-mismatch");
  }

  @Test
  void refusesStoredDataLongerThanDeclared() {
    RawZip.Entry entry = RawZip.stored("a.txt", new byte[1000]).withSize(10);

    assertThat(refusal(packageWith(entry)).metadata()).containsEntry("rule", "zip.size-mismatch");
  }

  @Test
  void refusesDataShorterThanDeclared() {
    RawZip.Entry entry = RawZip.deflated("a.txt", new byte[1000]).withSize(5000);

    assertThat(refusal(packageWith(entry)).metadata()).containsEntry("rule", "zip.size-mismatch");
  }

  @Test
  void refusesDataWhoseCrcDoesNotMatch() {
    RawZip.Entry entry = RawZip.text("index.html", "<html/>").withCrc(12345);

    DomainException refused = refusal(packageWith(entry));

    assertThat(refused.reason()).isEqualTo(ZipRefusal.INVALID);
    assertThat(refused.metadata()).containsEntry("rule", "zip.crc");
  }

  @Test
  void refusesCorruptDeflateData() {
    byte[] garbage = "this is not deflate data at all!".getBytes(StandardCharsets.US_ASCII);
    RawZip.Entry entry = RawZip.stored("a.js", garbage).withMethod(8).withSize(10_000);

    DomainException refused = refusal(packageWith(entry));

    assertThat(refused.reason()).isEqualTo(ZipRefusal.INVALID);
    assertThat(refused.metadata()).containsEntry("rule", "zip.data-corrupt");
  }

  @Test
  void readsDeflate64Entries() throws Exception {
    // Deflate64 shares deflate's stored blocks, so a level-0 deflate stream is valid Deflate64.
    byte[] content = "deflate64 content".repeat(100).getBytes(StandardCharsets.US_ASCII);
    Deflater deflater = new Deflater(Deflater.NO_COMPRESSION, true);
    deflater.setInput(content);
    deflater.finish();
    byte[] packed = new byte[content.length + 100];
    int length = deflater.deflate(packed);
    deflater.end();
    RawZip.Entry entry =
        RawZip.stored("a.txt", java.util.Arrays.copyOf(packed, length))
            .withMethod(9)
            .withSize(content.length)
            .withCrc(RawZip.crc(content));

    try (ZipPackageArchive archive = Archives.open(packageWith(entry))) {
      assertThat(Archives.read(archive, archive.find("a.txt").orElseThrow()))
          .isEqualTo(new String(content, StandardCharsets.US_ASCII));
    }
  }

  @Test
  void enforcesThePerEntryLimitOnActualBytesWhateverTheDeclaredSize() {
    ZipLimits limits = Archives.limitsWith(MIB, Long.MAX_VALUE, 10);
    LimitedEntryStream stream = stream(new byte[2 * MIB], 10L * MIB, 2 * MIB, limits);

    DomainException refused = catchThrowableOfType(DomainException.class, stream::readAllBytes);

    assertThat(refused.reason()).isEqualTo(ZipRefusal.LIMIT_EXCEEDED);
    assertThat(refused.metadata()).containsEntry("rule", "zip.limit.entry-size");
  }

  @Test
  void enforcesTheCompressionRatioOnActualBytes() {
    LimitedEntryStream stream = stream(new byte[3 * MIB], 100L * MIB, 1024, ZipLimits.defaults());

    DomainException refused = catchThrowableOfType(DomainException.class, stream::readAllBytes);

    assertThat(refused.metadata()).containsEntry("rule", "zip.limit.ratio");
  }

  @Test
  void chargesTheArchiveBudget() {
    ZipLimits limits = Archives.limitsWith(8L * MIB, MIB, 10);
    LimitedEntryStream stream = stream(new byte[2 * MIB], 2 * MIB, 2 * MIB, limits);

    DomainException refused = catchThrowableOfType(DomainException.class, stream::readAllBytes);

    assertThat(refused.metadata()).containsEntry("rule", "zip.limit.total-size");
  }

  private static LimitedEntryStream stream(
      byte[] actual, long declaredSize, long compressed, ZipLimits limits) {
    ScannedEntry entry =
        new ScannedEntry(
            0,
            "big.bin",
            EntryNameDecoder.Source.ASCII,
            EntryPaths.normalizeEntry("big.bin", 7, limits),
            EntryDecoder.STORED,
            0,
            compressed,
            declaredSize,
            -1,
            -1);
    return new LimitedEntryStream(
        new ByteArrayInputStream(actual),
        entry,
        limits,
        new InflationBudget(1, limits.maxTotalBytes()));
  }
}
