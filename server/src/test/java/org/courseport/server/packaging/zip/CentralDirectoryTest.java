package org.courseport.server.packaging.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.packaging.zip.Archives.refusal;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.courseport.server.domain.DomainException;
import org.junit.jupiter.api.Test;

class CentralDirectoryTest {
  private static final String MANIFEST = "<manifest/>";

  @Test
  void refusesAnUnderstatedCount_withoutBuildingTheEntries() throws Exception {
    RawZip raw = new RawZip().declaringCount(10).add(RawZip.text("imsmanifest.xml", MANIFEST));
    for (int i = 0; i < 200_000; i++) {
      raw.add(RawZip.text("f/" + i, "x"));
    }
    byte[] zip = raw.toBytes();
    long before = allocatedBytes();

    DomainException refused = refusal(zip);

    assertThat(refused.metadata()).containsEntry("rule", "zip.limit.entries");
    // Building 200k ZipArchiveEntry objects first allocated about 500 MiB.
    assertThat(allocatedBytes() - before).as("bytes allocated to refuse").isLessThan(8L << 20);
  }

  @Test
  void refusesADirectoryCutAtARecordBoundary_thatWouldReadAsASmallerPackage() {
    byte[] whole =
        new RawZip()
            .add(RawZip.text("imsmanifest.xml", MANIFEST))
            .add(RawZip.text("index.html", "i"))
            .add(RawZip.text("a.html", "a"))
            .toBytes();
    byte[] zip = withoutCentralRecord(whole, "a.html".length());

    DomainException refused = refusal(zip);

    assertThat(refused.reason()).isEqualTo(ZipRefusal.INVALID);
    assertThat(refused.metadata()).containsEntry("rule", "zip.format");
    assertThat(refused.getMessage()).contains("announces 3 entries").contains("holds 2");
  }

  @Test
  void acceptsA16BitCountThatWrappedWithoutZip64() throws Exception {
    RawZip raw =
        new RawZip().declaringCount(70_000 - 0x10000).add(RawZip.text("imsmanifest.xml", MANIFEST));
    for (int i = 1; i < 70_000; i++) {
      raw.add(RawZip.text("f/" + i, "x"));
    }

    try (ZipPackageArchive archive = Archives.open(raw.toBytes())) {
      assertThat(archive.entries()).hasSize(70_000);
    }
  }

  @Test
  void acceptsAZipAfterASelfExtractingStub() throws Exception {
    byte[] zip =
        new RawZip()
            .add(RawZip.text("imsmanifest.xml", MANIFEST))
            .add(RawZip.text("index.html", "i"))
            .toBytes();
    byte[] stub = new byte[4096];
    Arrays.fill(stub, (byte) 'M');
    byte[] prefixed = new byte[stub.length + zip.length];
    System.arraycopy(stub, 0, prefixed, 0, stub.length);
    System.arraycopy(zip, 0, prefixed, stub.length, zip.length);

    try (ZipPackageArchive archive =
        ZipPackageArchive.open(new SeekableInMemoryByteChannel(prefixed), ZipLimits.defaults())) {
      assertThat(archive.entries()).hasSize(2);
    }
  }

  @Test
  void readsWhatCommonsCompressWrites_zip64FieldsUnicodeNamesAndTimes() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.time.Instant ntfsTime = java.time.Instant.parse("2021-03-04T05:06:07.891Z");
    try (org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream out =
        new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(bytes)) {
      out.setUseZip64(org.apache.commons.compress.archivers.zip.Zip64Mode.Always);
      out.setEncoding("Cp437");
      out.setUseLanguageEncodingFlag(false);
      out.setCreateUnicodeExtraFields(
          org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream.UnicodeExtraFieldPolicy
              .ALWAYS);
      String[] names = {"imsmanifest.xml", "Leçon/été.html", "media/clip.bin"};
      for (String name : names) {
        org.apache.commons.compress.archivers.zip.ZipArchiveEntry e =
            new org.apache.commons.compress.archivers.zip.ZipArchiveEntry(name);
        e.setLastModifiedTime(java.nio.file.attribute.FileTime.from(ntfsTime));
        out.putArchiveEntry(e);
        out.write((name + " body").repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.closeArchiveEntry();
      }
    }

    try (ZipPackageArchive archive = Archives.open(bytes.toByteArray());
        org.apache.commons.compress.archivers.zip.ZipFile oracle =
            org.apache.commons.compress.archivers.zip.ZipFile.builder()
                .setByteArray(bytes.toByteArray())
                .get()) {
      assertThat(archive.entries())
          .extracting(e -> e.path())
          .containsExactly("imsmanifest.xml", "Leçon/été.html", "media/clip.bin");
      for (var entry : archive.entries()) {
        var expected = oracle.getEntry(entry.path());
        assertThat(entry.size()).isEqualTo(expected.getSize());
        assertThat(entry.modifiedMillis()).isEqualTo(expected.getTime());
      }
      assertThat(archive.entries().get(0).modifiedMillis()).isEqualTo(ntfsTime.toEpochMilli());
      assertThat(Archives.read(archive, archive.find("Leçon/été.html").orElseThrow()))
          .startsWith("Leçon/été.html body");
      assertThat(ZipVerifier.shared().verify(archive)).isPositive();
    }
  }

  /**
   * Drops the last central record (its name has {@code nameLength} bytes), keeps the end record.
   */
  private static byte[] withoutCentralRecord(byte[] zip, int nameLength) {
    int record = 46 + nameLength;
    int end = zip.length - 22;
    byte[] cut = new byte[zip.length - record];
    System.arraycopy(zip, 0, cut, 0, end - record);
    System.arraycopy(zip, end, cut, end - record, 22);
    return cut;
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
