package org.courseport.server.packaging.zip;

import static org.assertj.core.api.Assertions.assertThat;

import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackageLayoutTest {
  @Test
  void stripsASingleTopLevelFolderHoldingTheManifest() throws Exception {
    byte[] zip =
        new RawZip()
            .add(RawZip.text("My Course/", ""))
            .add(RawZip.text("My Course/imsmanifest.xml", "<manifest/>"))
            .add(RawZip.text("My Course/res/index.html", "<html/>"))
            .toBytes();

    try (ZipPackageArchive archive = Archives.open(zip)) {
      assertThat(archive.entries())
          .extracting(ArchiveEntry::path)
          .containsExactly("imsmanifest.xml", "res/index.html");
      assertThat(archive.entries().get(1).rawName()).isEqualTo("My Course/res/index.html");
      assertThat(archive.repairs()).extracting(Finding::rule).containsExactly("zip.root-folder");
      assertThat(archive.repairs().get(0).file()).isEqualTo("My Course/");
      assertThat(Archives.read(archive, archive.find("res/index.html").orElseThrow()))
          .isEqualTo("<html/>");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cmi5.xml", "tincan.xml", "course.crs", "IMSMANIFEST.XML"})
  void recognisesEveryManifestKindInTheFolder(String manifest) throws Exception {
    byte[] zip =
        new RawZip()
            .add(RawZip.text("pkg/" + manifest, "m"))
            .add(RawZip.text("pkg/a.html", "a"))
            .toBytes();

    try (ZipPackageArchive archive = Archives.open(zip)) {
      assertThat(archive.entries()).extracting(ArchiveEntry::path).contains(manifest, "a.html");
    }
  }

  @Test
  void keepsTheFolderWhenTheRootHasFilesToo() throws Exception {
    byte[] zip =
        new RawZip()
            .add(RawZip.text("pkg/imsmanifest.xml", "m"))
            .add(RawZip.text("readme.txt", "r"))
            .toBytes();

    try (ZipPackageArchive archive = Archives.open(zip)) {
      assertThat(archive.entries())
          .extracting(ArchiveEntry::path)
          .containsExactly("pkg/imsmanifest.xml", "readme.txt");
      assertThat(archive.repairs()).isEmpty();
    }
  }

  @Test
  void keepsTheFolderWhenItsManifestIsNotAtItsTop() throws Exception {
    byte[] zip =
        new RawZip()
            .add(RawZip.text("pkg/sub/imsmanifest.xml", "m"))
            .add(RawZip.text("pkg/a.html", "a"))
            .toBytes();

    try (ZipPackageArchive archive = Archives.open(zip)) {
      assertThat(archive.entries())
          .extracting(ArchiveEntry::path)
          .containsExactly("pkg/sub/imsmanifest.xml", "pkg/a.html");
    }
  }

  @Test
  void hidesMacAndWindowsJunkWithOneWarning() throws Exception {
    byte[] zip =
        new RawZip()
            .add(RawZip.text("pkg/imsmanifest.xml", "m"))
            .add(RawZip.text("__MACOSX/pkg/._imsmanifest.xml", "apple double"))
            .add(RawZip.text("pkg/.DS_Store", "finder"))
            .add(RawZip.text("pkg/img/Thumbs.db", "t"))
            .add(RawZip.text("pkg/img/logo.png", "png"))
            .toBytes();

    try (ZipPackageArchive archive = Archives.open(zip)) {
      ZipVerifier.shared().verify(archive);

      assertThat(archive.entries())
          .extracting(ArchiveEntry::path)
          .containsExactly("imsmanifest.xml", "img/logo.png");
      assertThat(archive.repairs())
          .extracting(Finding::rule)
          .containsExactlyInAnyOrder("zip.junk", "zip.root-folder");
      assertThat(archive.find("__MACOSX/pkg/._imsmanifest.xml")).isEmpty();
      assertThat(archive.find(".DS_Store")).isEmpty();
    }
  }

  @Test
  void readsBackslashSeparatedNamesAsFolders() throws Exception {
    byte[] zip =
        new RawZip()
            .add(RawZip.text("imsmanifest.xml", "m"))
            .add(RawZip.text("Etiquette\\Course.html", "c"))
            .add(RawZip.text("Etiquette\\b.js", "b"))
            .toBytes();

    try (ZipPackageArchive archive = Archives.open(zip)) {
      assertThat(archive.entries())
          .extracting(ArchiveEntry::path)
          .containsExactly("imsmanifest.xml", "Etiquette/Course.html", "Etiquette/b.js");
      assertThat(archive.repairs())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.rule()).isEqualTo("zip.path.backslash");
                assertThat(f.message()).startsWith("2 entry name(s)");
              });
    }
  }
}
