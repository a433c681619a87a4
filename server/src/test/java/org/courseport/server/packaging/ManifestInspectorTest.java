package org.courseport.server.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.testing.Manifests;
import org.courseport.server.packaging.testing.MemoryArchive;
import org.junit.jupiter.api.Test;

class ManifestInspectorTest {
  private final ManifestInspector inspector = new ManifestInspector();

  @Test
  void scormPackage_isDescribedAndValid() {
    InspectionResult r =
        inspector.inspect(
            new MemoryArchive()
                .with("imsmanifest.xml", Manifests.singleSco12())
                .with("index.html", "<html/>"));

    assertThat(r.report().valid()).isTrue();
    assertThat(r.report().packageFormat()).isEqualTo("scorm-1.2");
    assertThat(r.report().standard()).isEqualTo(LearningStandard.SCORM12);
    assertThat(r.report().schemas()).containsExactly("_wrappers/scorm12.xsd");
    assertThat(r.description().launchUrl()).isEqualTo("index.html");
  }

  @Test
  void cmi5AndImsManifestTogether_importAsCmi5WithWarning() {
    InspectionResult r =
        inspector.inspect(
            new MemoryArchive()
                .with("imsmanifest.xml", Manifests.singleSco12())
                .with("index.html", "<html/>")
                .with(
                    "cmi5.xml",
"""
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://example.com/c"><title><langstring>C</langstring></title>
    <description><langstring>D</langstring></description></course>
  <au id="https://example.com/au"><title><langstring>A</langstring></title>
    <description><langstring>D</langstring></description><url>index.html</url></au>
</courseStructure>"""));

    assertThat(r.report().packageFormat()).isEqualTo("cmi5");
    assertThat(r.report().valid()).isTrue();
    assertThat(r.report().findings())
        .extracting(Finding::rule)
        .containsExactly("manifest.multiple");
    assertThat(r.report().findings().get(0).message()).contains("cmi5.xml and imsmanifest.xml");
  }

  @Test
  void aiccCourseFiles_areRecognised() {
    InspectionResult r =
        inspector.inspect(
            new MemoryArchive()
                .with("c.crs", "[Course]\nCourse_ID=c\nCourse_Title=T\n")
                .with("c.au", "system_id,file_name\nA1,a.html\n")
                .with("a.html", "x"));

    assertThat(r.report().valid()).isTrue();
    assertThat(r.report().standard()).isEqualTo(LearningStandard.AICC);
    assertThat(r.description().launchUrl()).isEqualTo("a.html");
  }

  @Test
  void noManifest_isRefusedWithoutDescription() {
    InspectionResult r = inspector.inspect(new MemoryArchive().with("index.html", "<html/>"));

    assertThat(r.description()).isNull();
    assertThat(r.report().firstError())
        .get()
        .extracting(Finding::rule)
        .isEqualTo("manifest.missing");
    assertThat(r.report().packageFormat()).isEmpty();
  }

  @Test
  void manifestInASubFolder_isNamedInTheRefusal() {
    InspectionResult r =
        inspector.inspect(
            new MemoryArchive()
                .with("course/imsmanifest.xml", Manifests.singleSco12())
                .with("other/x.html", "x"));

    assertThat(r.report().firstError().orElseThrow().message())
        .contains("course/imsmanifest.xml is in a sub-folder");
  }

  @Test
  void malformedManifest_isRefusedWithTheParserLine() {
    InspectionResult r =
        inspector.inspect(
            new MemoryArchive()
                .with("imsmanifest.xml", "<manifest>\n<organizations>\n</manifest>"));

    Finding error = r.report().firstError().orElseThrow();
    assertThat(error.rule()).isEqualTo("xml.malformed");
    assertThat(error.file()).isEqualTo("imsmanifest.xml");
    assertThat(error.line()).isEqualTo(3);
    assertThat(r.description()).isNull();
  }

  @Test
  void xxeInTheManifest_isRefusedBeforeAnythingIsResolved() {
    InspectionResult r =
        inspector.inspect(
            new MemoryArchive()
                .with(
                    "imsmanifest.xml",
                    """
                    <?xml version="1.0"?>
                    <!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                    <manifest identifier="&xxe;"/>"""));

    assertThat(r.description()).isNull();
    assertThat(r.report().firstError().orElseThrow().rule()).isEqualTo("xml.doctype");
    assertThat(r.report().findings())
        .allSatisfy(f -> assertThat(f.message()).doesNotContain("root:"));
  }

  @Test
  void nonManifestRootElement_isRefused() {
    InspectionResult r =
        inspector.inspect(new MemoryArchive().with("imsmanifest.xml", "<html><body/></html>"));

    assertThat(r.report().firstError().orElseThrow().rule()).isEqualTo("manifest.root");
  }

  @Test
  void archiveRepairs_areReportedAsWarnings() {
    InspectionResult r =
        inspector.inspect(
            new MemoryArchive()
                .with("imsmanifest.xml", Manifests.singleSco12())
                .with("Index.HTML", "<html/>"));

    assertThat(r.report().valid()).isTrue();
    assertThat(r.parserWarnings()).anySatisfy(w -> assertThat(w).contains("archive.name-repaired"));
  }

  @Test
  void archiveRefusingAFileWhileItIsRead_becomesTheArchiveRule() {
    PackageArchive refusing =
        new FailingArchive(
            new DomainException(
                DomainException.Kind.INVALID_ARGUMENT,
                "ZIP_LIMIT_EXCEEDED",
                "ratio too high",
                java.util.Map.of("rule", "zip.ratio", "entry", "imsmanifest.xml")));

    Finding error = inspector.inspect(refusing).report().firstError().orElseThrow();

    assertThat(error.rule()).isEqualTo("zip.ratio");
    assertThat(error.file()).isEqualTo("imsmanifest.xml");
  }

  @Test
  void failingArchive_neverThrows() {
    PackageArchive broken =
        new FailingArchive(new IOException("entry exceeds the compression ratio limit"));

    InspectionResult r = inspector.inspect(broken);

    assertThat(r.report().firstError().orElseThrow().message()).contains("compression ratio limit");
  }

  /** An archive with one manifest whose reading fails with {@code failure}. */
  private static final class FailingArchive implements PackageArchive {
    private final Exception failure;

    FailingArchive(Exception failure) {
      this.failure = failure;
    }

    @Override
    public List<ArchiveEntry> entries() {
      return List.of(new ArchiveEntry("imsmanifest.xml", "imsmanifest.xml", 10, -1));
    }

    @Override
    public Optional<ArchiveEntry> find(String path) {
      return entries().stream().filter(e -> e.path().equals(path)).findFirst();
    }

    @Override
    public InputStream open(ArchiveEntry entry) throws IOException {
      if (failure instanceof IOException io) {
        throw io;
      }
      throw (RuntimeException) failure;
    }

    @Override
    public List<Finding> repairs() {
      return List.of();
    }

    @Override
    public void close() {}
  }
}
