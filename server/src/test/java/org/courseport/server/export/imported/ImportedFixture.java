package org.courseport.server.export.imported;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.packaging.ManifestInspector;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.packaging.zip.ZipPackageArchive;
import org.courseport.server.storage.blob.FileSystemBlobStore;

/**
 * Imports test packages the way the import pipeline reads them (stored as a blob, opened through
 * the zip checks, inspected by the real {@link ManifestInspector}), and writes and re-inspects the
 * planned exports.
 */
final class ImportedFixture {
  private static final ManifestInspector INSPECTOR = new ManifestInspector();

  final Path dir;
  final BlobStore blobs;
  final ImportedPackageWriter writer;

  ImportedFixture(Path dir) {
    this.dir = dir;
    try {
      this.blobs = new FileSystemBlobStore(dir.resolve("blobs"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.writer = new ImportedPackageWriter(blobs, ZipLimits.defaults());
  }

  /** Stores and inspects a package zip; the course snapshot of its imported version. */
  CourseSnapshot imported(String title, byte[] zip) throws IOException {
    String blobId;
    try (BlobStore.BlobWriter w = blobs.newWriter()) {
      w.stream().write(zip);
      blobId = w.commit();
    }
    InspectionResult result;
    try (ZipPackageArchive archive =
        ZipPackageArchive.open(blobs.openChannel(blobId), ZipLimits.defaults())) {
      result = INSPECTOR.inspect(archive);
    } catch (org.courseport.server.domain.DomainException refused) {
      throw new AssertionError("test package is refused: " + refused.getMessage(), refused);
    }
    if (!result.report().valid()) {
      throw new AssertionError("test package does not import: " + result.report().findings());
    }
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    CourseVersion version =
        new CourseVersion(
            "t1",
            "c1",
            0,
            title,
            blobId,
            zip.length,
            "course.zip",
            result.description(),
            result.report(),
            now,
            now);
    return new CourseSnapshot("t1", "c1", 0, title, "", "en-US", List.of(), version);
  }

  /** How many files the import saw in a course's stored package. */
  int pkgFileCount(CourseSnapshot course) throws IOException {
    try (ZipPackageArchive archive =
        ZipPackageArchive.open(
            blobs.openChannel(course.imported().blobId()), ZipLimits.defaults())) {
      return archive.entries().size();
    }
  }

  /** A plan written as a zip file (entries in plan order, deflated or stored as planned). */
  Path write(ExportPlan plan) throws IOException {
    Path file = Files.createTempFile(dir, "export", ".zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      for (ExportEntry entry : plan.entries()) {
        ZipEntry z = new ZipEntry(entry.path());
        z.setTime(0);
        byte[] bytes = bytes(entry);
        if (!entry.compress()) {
          z.setMethod(ZipEntry.STORED);
          z.setSize(bytes.length);
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(bytes);
          z.setCrc(crc.getValue());
        }
        out.putNextEntry(z);
        out.write(bytes);
        out.closeEntry();
      }
    }
    return file;
  }

  /** The written plan re-inspected by the import pipeline. */
  InspectionResult reimport(ExportPlan plan) throws IOException {
    try (ZipPackageArchive archive = ZipPackageArchive.open(write(plan), ZipLimits.defaults())) {
      return INSPECTOR.inspect(archive);
    }
  }

  static byte[] bytes(ExportEntry entry) throws IOException {
    try (InputStream in = entry.content().open()) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length != entry.content().size()
          || !ExportEntry.sha256Hex(bytes).equals(entry.content().sha256())) {
        throw new AssertionError("entry " + entry.path() + " has other bytes than announced");
      }
      return bytes;
    }
  }

  static String text(ExportPlan plan, String path) throws IOException {
    return new String(bytes(entry(plan, path)), StandardCharsets.UTF_8);
  }

  static ExportEntry entry(ExportPlan plan, String path) {
    return plan.entries().stream()
        .filter(e -> e.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entry " + path + " in " + paths(plan)));
  }

  static List<String> paths(ExportPlan plan) {
    return plan.entries().stream().map(ExportEntry::path).toList();
  }

  /** Findings other than the zip layer's informational ones, described. */
  static List<String> problems(InspectionResult result) {
    return result.report().findings().stream()
        .filter(f -> f.severity() == Severity.ERROR || f.rule().equals("xsd"))
        .map(Finding::describe)
        .toList();
  }

  static List<String> warnings(InspectionResult result) {
    return result.report().findings().stream()
        .filter(f -> f.severity() == Severity.WARNING)
        .map(Finding::rule)
        .toList();
  }

  /** A zip of text entries, in order; names are written as given (backslashes kept). */
  static byte[] zip(Map<String, String> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> e : files.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Map<String, String> files(String... pathsAndTexts) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndTexts.length; i += 2) {
      files.put(pathsAndTexts[i], pathsAndTexts[i + 1]);
    }
    return files;
  }

  static final String MANIFEST_12 =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <manifest identifier="MANIFEST-1" version="1.0"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
        <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
        <organizations default="ORG-1">
          <organization identifier="ORG-1">
            <title>%s</title>
            <item identifier="ITEM-1" identifierref="RES-1">
              <title>Lesson 1</title>
              %s
            </item>
          </organization>
        </organizations>
        <resources>
          <resource identifier="RES-1" type="webcontent" adlcp:scormtype="%s" href="%s">
            %s
          </resource>
        </resources>
      </manifest>
      """;

  /** A SCORM 1.2 manifest with one item and resource. */
  static String manifest12(
      String title, String itemExtras, String scormType, String href, String files) {
    return MANIFEST_12.formatted(title, itemExtras, scormType, href, files);
  }

  static final String MANIFEST_2004 =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <manifest identifier="M" version="1"
          xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
          xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
          xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
          xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
        <metadata><schema>ADL SCORM</schema><schemaversion>%s</schemaversion></metadata>
        <organizations default="O">
          <organization identifier="O">
            <title>%s</title>
            <item identifier="I1" identifierref="R1"><title>One</title>%s</item>
            <item identifier="I2" identifierref="R2" parameters="?page=2"><title>Two</title></item>
            %s
          </organization>
        </organizations>
        <resources>
          <resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="one.html">
            <file href="one.html"/>
          </resource>
          <resource identifier="R2" type="webcontent" adlcp:scormType="sco" href="two.html">
            <file href="two.html"/>
          </resource>
        </resources>
      </manifest>
      """;

  /**
   * A SCORM 2004 manifest with two SCOs, {@code itemExtras} inside the first item and {@code
   * orgExtras} at the end of the organization.
   */
  static String manifest2004(String edition, String title, String itemExtras, String orgExtras) {
    return MANIFEST_2004.formatted(edition, title, itemExtras, orgExtras);
  }
}
