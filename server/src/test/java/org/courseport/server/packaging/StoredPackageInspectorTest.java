package org.courseport.server.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;

class StoredPackageInspectorTest {
  private final StoredPackageInspector inspector = StoredPackageInspector.fromEnvironment(Map.of());

  @Test
  void zipRefusal_isOneErrorOnTheEntry_underTheZipLayersRule() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("imsmanifest.xml", "<manifest/>");
    files.put("../evil.html", "owned");
    byte[] zip = TestPackages.zip(files);

    InspectionResult result = inspector.inspect(new SeekableInMemoryByteChannel(zip), "c.zip");

    assertThat(result.description()).isNull();
    assertThat(result.report().findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.ERROR);
              assertThat(f.rule()).isEqualTo("zip.path.traversal");
              assertThat(f.file()).isEqualTo("../evil.html");
            });
    assertThat(result.report().firstError().map(Finding::describe))
        .contains("../evil.html: '..' leads outside the package [zip.path.traversal]");
  }

  @Test
  void refusalOfTheWholeZip_namesNoEntry() throws Exception {
    byte[] notAZip = "# not a zip".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    InspectionResult result = inspector.inspect(new SeekableInMemoryByteChannel(notAZip), "c.zip");

    Finding f = result.report().firstError().orElseThrow();
    assertThat(f.rule()).isEqualTo("zip.format");
    assertThat(f.file()).isEmpty();
    assertThat(f.describe()).startsWith("The file is not a zip archive").endsWith("[zip.format]");
  }

  @Test
  void bareXmlLargerThanTheLimit_isRefusedAsAFindingOnTheUploadedFile() throws Exception {
    ZipLimits d = ZipLimits.defaults();
    StoredPackageInspector small =
        new StoredPackageInspector(
            new ZipLimits(
                d.maxEntries(),
                d.maxTotalBytes(),
                d.maxEntryBytes(),
                d.maxRatio(),
                d.ratioFloorBytes(),
                d.maxPathDepth(),
                d.maxNameBytes(),
                1024),
            new ManifestInspector());
    byte[] xml =
        ("<manifest>" + " ".repeat(2000) + "</manifest>")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    InspectionResult result =
        small.inspect(new SeekableInMemoryByteChannel(xml), "imsmanifest.xml");

    Finding f = result.report().firstError().orElseThrow();
    assertThat(f.rule()).isEqualTo("xml.too-large");
    assertThat(f.file()).isEqualTo("imsmanifest.xml");
    assertThat(f.describe())
        .startsWith("imsmanifest.xml: The uploaded XML file is larger than 1024")
        .endsWith("[xml.too-large]");
  }
}
