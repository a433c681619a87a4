package org.courseport.server.player;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.packaging.StoredPackageInspector;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.storage.blob.FileSystemBlobStore;

/**
 * Stores package zips in a real file-system blob store and describes them with the real import
 * inspection, so plans are read exactly as for an imported course version.
 */
final class PlanFixture {
  final BlobStore blobs;
  final ManifestLaunchPlans plans;
  private final StoredPackageInspector inspector = StoredPackageInspector.fromEnvironment(Map.of());

  PlanFixture(Path dir) throws IOException {
    this.blobs = new FileSystemBlobStore(dir);
    this.plans = new ManifestLaunchPlans(blobs, ZipLimits.defaults());
  }

  /** A zip of the given entries (name → text), in order. */
  static byte[] zip(Map<String, String> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** Entries: the manifest under {@code manifestPath}, then each file with a little HTML. */
  static Map<String, String> files(String manifestPath, String manifest, String... files) {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(manifestPath, manifest);
    for (String f : files) {
      entries.put(f, "<html><body>" + f + "</body></html>");
    }
    return entries;
  }

  /** Stores and inspects {@code zip}; the version's title is {@code title}. */
  CourseVersion version(String title, byte[] zip) throws IOException {
    String blobId;
    try (BlobStore.BlobWriter w = blobs.newWriter()) {
      w.stream().write(zip);
      blobId = w.commit();
    }
    InspectionResult inspected;
    try (var channel = blobs.openChannel(blobId)) {
      inspected = inspector.inspect(channel, "course.zip");
    }
    if (inspected.description() == null) {
      throw new AssertionError("not importable: " + inspected.report().findings());
    }
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    return new CourseVersion(
        "t1",
        "c1",
        0,
        title,
        blobId,
        zip.length,
        "course.zip",
        inspected.description(),
        inspected.report(),
        now,
        now);
  }
}
