package org.courseport.server.packaging.zip;

import static org.assertj.core.api.Assertions.assertThat;

import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathResolverTest {
  private ZipPackageArchive archive;

  @BeforeEach
  void openPackage() throws Exception {
    archive =
        Archives.open(
            new RawZip()
                .add(RawZip.text("imsmanifest.xml", "m"))
                .add(RawZip.text("Etiquette/Course.html", "c"))
                .add(RawZip.text("media/my clip.mp4", "v"))
                .add(RawZip.text("a/Same.html", "1"))
                .add(RawZip.text("a/same.HTML", "2"))
                .add(RawZip.text("Å.html", "nfc"))
                .toBytes());
  }

  @AfterEach
  void closePackage() throws Exception {
    archive.close();
  }

  private String found(String reference) {
    return archive.find(reference).map(ArchiveEntry::path).orElse(null);
  }

  @Test
  void findsExactPathsWithoutWarnings() {
    assertThat(found("Etiquette/Course.html")).isEqualTo("Etiquette/Course.html");
    assertThat(found("./Etiquette/./Course.html?lang=en#start")).isEqualTo("Etiquette/Course.html");
    assertThat(archive.repairs()).isEmpty();
  }

  @Test
  void resolvesBackslashesWithAWarning() {
    assertThat(found("Etiquette\\Course.html")).isEqualTo("Etiquette/Course.html");
    assertThat(archive.repairs()).extracting(Finding::rule).containsExactly("zip.path.backslash");
  }

  @Test
  void resolvesPercentEncodingWithAWarning() {
    assertThat(found("media/my%20clip.mp4")).isEqualTo("media/my clip.mp4");
    assertThat(found("%C3%85.html")).isEqualTo("Å.html");
    assertThat(archive.repairs())
        .extracting(Finding::rule)
        .containsExactly("zip.path.percent-encoded", "zip.path.percent-encoded");
  }

  @Test
  void resolvesCaseMismatchesWithAWarningNamingBothPaths() {
    assertThat(found("etiquette/COURSE.html")).isEqualTo("Etiquette/Course.html");
    assertThat(found("etiquette/COURSE.html")).isEqualTo("Etiquette/Course.html");

    assertThat(archive.repairs())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.rule()).isEqualTo("zip.path.case");
              assertThat(f.file()).isEqualTo("Etiquette/Course.html");
              assertThat(f.message()).contains("etiquette/COURSE.html");
            });
  }

  @Test
  void matchesDecomposedUnicodeToComposedNames() {
    assertThat(found("A\u030A.html")).isEqualTo("Å.html");
  }

  @Test
  void refusesToGuessBetweenNamesDifferingOnlyInCase() {
    assertThat(found("a/Same.html")).isEqualTo("a/Same.html");
    assertThat(found("a/SAME.html")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../imsmanifest.xml",
        "Etiquette/../../imsmanifest.xml",
        "%2e%2e/imsmanifest.xml",
        "%2e%2e%2fimsmanifest.xml",
        "/imsmanifest.xml",
        "C:\\imsmanifest.xml",
        "imsmanifest.xml%00.jpg",
        "",
        "..\\imsmanifest.xml"
      })
  void neverResolvesOutsideTheRoot(String reference) {
    assertThat(found(reference)).isNull();
  }
}
