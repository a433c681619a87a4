package org.courseport.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.courseport.server.export.ExportEntry;
import org.junit.jupiter.api.Test;

/** The package files the test LMS serves: read from zips and plans, without path escapes. */
class ScormPackageTest {

  @Test
  void readsTheFilesOfAZipSkippingDirectories() throws IOException {
    ScormPackage pkg =
        ScormPackage.fromZip(zip("imsmanifest.xml", "<manifest/>", "sco/", "", "sco/a.html", "A"));

    assertThat(pkg.files().keySet()).containsExactly("imsmanifest.xml", "sco/a.html");
    assertThat(new String(pkg.file("sco/a.html").orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo("A");
    assertThat(pkg.file("sco/missing.html")).isEmpty();
  }

  @Test
  void refusesZipsWhosePathsEscapeThePackage() {
    for (String bad : List.of("../evil.js", "/etc/passwd", "a/../../b", "a\\b.js", "a//b")) {
      assertThatThrownBy(() -> ScormPackage.fromZip(zip(bad, "x")))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("package path escapes the package: " + bad);
    }
  }

  @Test
  void refusesDuplicateEntriesAndEmptyZips() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      out.putNextEntry(new ZipEntry("dir/"));
    }
    assertThatThrownBy(() -> ScormPackage.fromZip(bytes.toByteArray()))
        .hasMessage("zip has no files");
    assertThatThrownBy(() -> ScormPackage.fromZip(new byte[] {1, 2, 3}))
        .hasMessageContaining("zip has no files");
  }

  @Test
  void readsAnExportPlansEntries() {
    ScormPackage pkg =
        ScormPackage.fromEntries(
            List.of(
                ExportEntry.text("index.html", "<p>hi</p>"),
                ExportEntry.bytes("media/a.png", new byte[] {(byte) 0x89, 'P'}, false)));

    assertThat(pkg.files().keySet()).containsExactly("index.html", "media/a.png");
    assertThat(pkg.file("media/a.png").orElseThrow()).containsExactly((byte) 0x89, 'P');
  }

  private static byte[] zip(String... namesAndTexts) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (int i = 0; i < namesAndTexts.length; i += 2) {
        out.putNextEntry(new ZipEntry(namesAndTexts[i]));
        out.write(namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
