package org.courseport.server.packaging.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.courseport.server.packaging.zip.Archives.refusal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ZipPackageArchiveTest {
  private static final String MANIFEST = "<manifest/>";

  private static byte[] packageWith(RawZip.Entry entry) {
    return new RawZip().add(RawZip.text("imsmanifest.xml", MANIFEST)).add(entry).toBytes();
  }

  @Test
  void refusesAFileThatIsNotAZip() {
    byte[] rar = "Rar!\u001a\u0007\u0000 some archive".getBytes(StandardCharsets.ISO_8859_1);

    assertThat(refusal(rar).reason()).isEqualTo(ZipRefusal.INVALID);
  }

  @Test
  void refusesAnEmptyFile() {
    DomainException refused = refusal(new byte[0]);

    assertThat(refused.reason()).isEqualTo(ZipRefusal.INVALID);
    assertThat(refused.getMessage()).contains("empty");
  }

  @Test
  void refusesATruncatedCentralDirectory() {
    byte[] whole = packageWith(RawZip.text("index.html", "<html/>"));
    // Keep the end record but cut the central directory's last entry in half.
    byte[] cut = new byte[whole.length - 30];
    int endRecord = whole.length - 22;
    System.arraycopy(whole, 0, cut, 0, endRecord - 30);
    System.arraycopy(whole, endRecord, cut, endRecord - 30, 22);

    assertThat(refusal(cut).reason()).isEqualTo(ZipRefusal.INVALID);
  }

  @Test
  void refusesAZipCutShortAnywhere() {
    byte[] whole =
        packageWith(
            RawZip.deflated("index.html", "<p>hi</p>".repeat(50).getBytes(StandardCharsets.UTF_8)));

    for (int length = 1; length < whole.length; length += 7) {
      assertThat(refusal(Arrays.copyOf(whole, length)).reason()).isEqualTo(ZipRefusal.INVALID);
    }
  }

  @Test
  void refusesDuplicateNamesWithDifferentContent() {
    byte[] zip =
        new RawZip()
            .add(RawZip.text("imsmanifest.xml", MANIFEST))
            .add(RawZip.text("index.html", "good"))
            .add(RawZip.text("index.html", "evil"))
            .toBytes();

    DomainException refused = refusal(zip);

    assertThat(refused.reason()).isEqualTo(ZipRefusal.DUPLICATE_ENTRY);
    assertThat(refused.metadata())
        .containsEntry("rule", "zip.path.duplicate")
        .containsEntry("entry", "index.html");
  }

  @Test
  void keepsTheFirstOfIdenticalDuplicatesWithAWarning() throws Exception {
    byte[] zip =
        new RawZip()
            .add(RawZip.text("imsmanifest.xml", MANIFEST))
            .add(RawZip.text("index.html", "same"))
            .add(RawZip.text("index.html", "same"))
            .toBytes();

    try (ZipPackageArchive archive = Archives.open(zip)) {
      ZipVerifier.shared().verify(archive);
      assertThat(archive.entries())
          .extracting(e -> e.path())
          .containsExactly("imsmanifest.xml", "index.html");
      assertThat(archive.repairs()).extracting(f -> f.rule()).containsExactly("zip.path.duplicate");
    }
  }

  @ParameterizedTest
  @MethodSource("org.courseport.server.packaging.zip.CorpusPackages#zips")
  void opensAndVerifiesEveryRealPackageOfTheCorpus(Path file) throws Exception {
    try (ZipPackageArchive archive = ZipPackageArchive.open(file, ZipLimits.defaults())) {
      long bytes = ZipVerifier.shared().verify(archive);

      assertThat(archive.entries()).isNotEmpty();
      assertThat(bytes)
          .isGreaterThanOrEqualTo(archive.entries().stream().mapToLong(e -> e.size()).sum());
      assertThat(archive.repairs()).allMatch(f -> f.severity() == Severity.WARNING);
    }
  }

  @Test
  void refusesTheCorpusFileThatIsNotAZip() {
    Path file = CorpusPackages.file(CorpusPackages.NOT_A_ZIP);

    DomainException refused =
        catchThrowableOfType(
            DomainException.class, () -> ZipPackageArchive.open(file, ZipLimits.defaults()));

    assertThat(refused.reason()).isEqualTo(ZipRefusal.INVALID);
    assertThat(refused.metadata()).containsEntry("rule", "zip.format");
  }

  @Test
  void warnsAboutNameEncodingAndJunkInThePysletPackage() throws Exception {
    Path file = CorpusPackages.file("imscp-1.2__pyslet__package_1.zip");

    try (ZipPackageArchive archive = ZipPackageArchive.open(file, ZipLimits.defaults())) {
      ZipVerifier.shared().verify(archive);

      assertThat(archive.entries())
          .extracting(e -> e.path())
          .containsExactly("imsmanifest.xml", "\u82f1\u56fd.xml");
      assertThat(archive.repairs())
          .extracting(f -> f.rule())
          .contains("zip.name-encoding", "zip.junk");
    }
  }

  @Test
  void readsAManifestWithinTheXmlLimit() throws Exception {
    try (ZipPackageArchive archive = Archives.open(packageWith(RawZip.text("a.xml", "<a/>")))) {
      byte[] manifest = archive.readXml(archive.find("imsmanifest.xml").orElseThrow());

      assertThat(new String(manifest, StandardCharsets.UTF_8)).isEqualTo(MANIFEST);
    }
  }

  @Test
  void refusesXmlLargerThanTheLimit() throws Exception {
    ZipLimits d = ZipLimits.defaults();
    ZipLimits limits =
        new ZipLimits(
            d.maxEntries(),
            d.maxTotalBytes(),
            d.maxEntryBytes(),
            d.maxRatio(),
            d.ratioFloorBytes(),
            d.maxPathDepth(),
            d.maxNameBytes(),
            5);

    try (ZipPackageArchive archive =
        Archives.open(packageWith(RawZip.text("a.xml", "<a/>")), limits)) {
      assertThat(archive.readXml(archive.find("a.xml").orElseThrow())).hasSize(4);
      DomainException refused =
          catchThrowableOfType(
              DomainException.class,
              () -> archive.readXml(archive.find("imsmanifest.xml").orElseThrow()));
      assertThat(refused.reason()).isEqualTo(ZipRefusal.LIMIT_EXCEEDED);
      assertThat(refused.metadata()).containsEntry("rule", "zip.limit.xml-size");
    }
  }

  @Test
  void refusesToOpenAnEntryOfAnotherArchive() throws Exception {
    try (ZipPackageArchive archive = Archives.open(packageWith(RawZip.text("a.xml", "<a/>")))) {
      ArchiveEntry foreign = new ArchiveEntry("a.xml", "a.xml", 999, -1);

      assertThatThrownBy(() -> archive.open(foreign)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void readsZipsStreamedWithDataDescriptors() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(bytes)) {
      out.putNextEntry(new java.util.zip.ZipEntry("imsmanifest.xml"));
      out.write(MANIFEST.getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new java.util.zip.ZipEntry("index.html"));
      out.write("<p>streamed</p>".repeat(1000).getBytes(StandardCharsets.UTF_8));
    }

    try (ZipPackageArchive archive = Archives.open(bytes.toByteArray())) {
      assertThat(ZipVerifier.shared().verify(archive)).isEqualTo(MANIFEST.length() + 15_000L);
      assertThat(Archives.read(archive, archive.find("index.html").orElseThrow()))
          .startsWith("<p>streamed</p>")
          .hasSize(15_000);
    }
  }

  @Test
  void verifyAllInParallelReportsTheFirstCorruptEntryInOrder(@TempDir Path dir) throws Exception {
    // The first corrupt entry is large: another thread reaches the second one, small, earlier.
    RawZip zip = new RawZip().add(RawZip.text("imsmanifest.xml", MANIFEST));
    for (int i = 0; i < 200; i++) {
      RawZip.Entry page = RawZip.text("page" + i + ".html", "<p>" + "x".repeat(i * 50) + "</p>");
      if (i == 120) {
        zip.add(RawZip.stored("media/big.bin", new byte[16 * 1024 * 1024]).withCrc(12345));
      } else {
        zip.add(i == 180 ? page.withCrc(12345) : page);
      }
    }
    Path file = dir.resolve("package.zip");
    Files.write(file, zip.toBytes());

    for (int round = 0; round < 5; round++) {
      DomainException refused =
          catchThrowableOfType(
              DomainException.class,
              () -> {
                try (ZipPackageArchive archive =
                    ZipPackageArchive.open(file, ZipLimits.defaults())) {
                  ZipVerifier.shared().verify(archive);
                }
              });

      assertThat(refused.metadata())
          .containsEntry("rule", "zip.crc")
          .containsEntry("entry", "media/big.bin");
    }
  }

  @Test
  void verifyAllInParallelReadsEveryByteOfEveryEntry(@TempDir Path dir) throws Exception {
    RawZip zip = new RawZip().add(RawZip.text("imsmanifest.xml", MANIFEST));
    long expected = MANIFEST.length();
    for (int i = 0; i < 300; i++) {
      String text = "<p>" + "y".repeat(i * 37) + "</p>";
      zip.add(
          i % 2 == 0
              ? RawZip.text("t" + i + ".html", text)
              : RawZip.deflated("d" + i + ".html", text.getBytes(StandardCharsets.UTF_8)));
      expected += text.length();
    }
    Path file = dir.resolve("package.zip");
    Files.write(file, zip.toBytes());

    try (ZipPackageArchive archive = ZipPackageArchive.open(file, ZipLimits.defaults())) {
      assertThat(ZipVerifier.shared().verify(archive)).isEqualTo(expected);
    }
  }
}
