package org.courseport.server.packaging.zip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.junit.jupiter.api.Test;

class EntryNameDecoderTest {
  private static byte[] zipNamed(byte[] name) {
    return new RawZip()
        .add(RawZip.text("imsmanifest.xml", "m"))
        .add(RawZip.stored(name, "content".getBytes(StandardCharsets.US_ASCII)))
        .toBytes();
  }

  @Test
  void decodesUnflaggedNamesAsUtf8WhenTheyAreValidUtf8() throws Exception {
    byte[] name = "英国.xml".getBytes(StandardCharsets.UTF_8);

    try (ZipPackageArchive archive = Archives.open(zipNamed(name))) {
      assertThat(archive.entries()).extracting(ArchiveEntry::path).contains("英国.xml");
      assertThat(archive.repairs())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.rule()).isEqualTo("zip.name-encoding");
                assertThat(f.message()).contains("UTF-8");
              });
    }
  }

  @Test
  void decodesUnflaggedInvalidUtf8NamesAsCp437() throws Exception {
    // 0x82 is 'é' and 0x94 'ö' in CP437; as UTF-8 they are stray continuation bytes.
    byte[] name = {'c', 'a', 'f', (byte) 0x82, '-', 'k', (byte) 0x94, '.', 'h', 't', 'm'};

    try (ZipPackageArchive archive = Archives.open(zipNamed(name))) {
      assertThat(archive.find("café-kö.htm")).isPresent();
      assertThat(archive.repairs()).extracting(Finding::rule).containsExactly("zip.name-encoding");
      assertThat(archive.repairs().get(0).message()).contains("CP437");
    }
  }

  @Test
  void trustsNamesFlaggedAsUtf8() throws Exception {
    byte[] zip =
        new RawZip()
            .add(RawZip.text("imsmanifest.xml", "m"))
            .add(RawZip.text("日本語/ページ.html", "p"))
            .toBytes();

    try (ZipPackageArchive archive = Archives.open(zip)) {
      assertThat(archive.find("日本語/ページ.html")).isPresent();
      assertThat(archive.repairs()).isEmpty();
    }
  }

  @Test
  void leavesUnflaggedAsciiNamesAlone() throws Exception {
    try (ZipPackageArchive archive =
        Archives.open(zipNamed("plain.html".getBytes(StandardCharsets.US_ASCII)))) {
      assertThat(archive.find("plain.html")).isPresent();
      assertThat(archive.repairs()).isEmpty();
    }
  }
}
