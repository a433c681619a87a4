package org.courseport.server.export.scorm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.packaging.StoredPackageInspector;

/** Writes a plan into an in-memory zip (as the assembler will) and re-imports it. */
public final class PlanZips {
  private static final StoredPackageInspector INSPECTOR =
      StoredPackageInspector.fromEnvironment(Map.of());

  private PlanZips() {}

  public static byte[] zip(ExportPlan plan) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
      for (ExportEntry entry : plan.entries()) {
        ZipArchiveEntry z = new ZipArchiveEntry(entry.path());
        z.setLastModifiedTime(FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
        z.setMethod(entry.compress() ? ZipEntry.DEFLATED : ZipEntry.STORED);
        byte[] data;
        try (InputStream in = entry.content().open()) {
          data = in.readAllBytes();
        }
        z.setSize(data.length);
        if (!entry.compress()) {
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(data);
          z.setCrc(crc.getValue());
        }
        out.putArchiveEntry(z);
        out.write(data);
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** The plan's zip re-imported by our own inspection pipeline. */
  public static InspectionResult reimport(ExportPlan plan) throws IOException {
    return INSPECTOR.inspect(new SeekableInMemoryByteChannel(zip(plan)), plan.fileName());
  }

  /** The plan's entries as text, by path. */
  public static Map<String, String> texts(ExportPlan plan) throws IOException {
    Map<String, String> texts = new LinkedHashMap<>();
    for (ExportEntry entry : plan.entries()) {
      try (InputStream in = entry.content().open()) {
        texts.put(
            entry.path(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return texts;
  }
}
