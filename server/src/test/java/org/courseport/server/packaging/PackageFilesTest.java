package org.courseport.server.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.courseport.server.domain.DomainException;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageFilesTest {
  @TempDir Path dir;

  private final PackageFiles files = new PackageFiles(ZipLimits.defaults());

  @Test
  void open_hrefWithOtherCaseOrPercentEncoding_servesTheFileTheImportMatched() throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("imsmanifest.xml", "<manifest/>");
    entries.put("Content/Index.html", "index");
    entries.put("a b.html", "space");
    Path zip = TestPackages.write(dir, "p.zip", TestPackages.zip(entries));

    assertThat(read(zip, "Content/Index.html")).isEqualTo("index");
    assertThat(read(zip, "content/index.HTML")).isEqualTo("index");
    assertThat(read(zip, "a%20b.html")).isEqualTo("space");
    assertThatThrownBy(() -> read(zip, "../imsmanifest.xml")).isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> read(zip, "missing.html"))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("missing.html");
  }

  private String read(Path zip, String path) throws IOException {
    PackageFiles.OpenedFile f = files.open(Files.newByteChannel(zip), path);
    try (InputStream in = f.stream()) {
      return new String(in.readAllBytes());
    }
  }
}
