package org.courseport.server.export;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.courseport.server.domain.packaging.LearningStandard;

/**
 * A package to write: its entries in the order they go into the zip, and what the checks expect of
 * it once written. Two plans with the same {@link #key()} give the same bytes, so a stored zip of
 * an earlier plan with that key is served instead of a rebuild.
 *
 * @param format the format
 * @param fileName the download's file name, e.g. {@code my-course-scorm2004_4.zip}
 * @param writer the writer and its version, e.g. {@code scorm-authored/1}; part of the key, so a
 *     change to a writer's output invalidates earlier builds
 * @param entries the entries, in zip order; paths unique
 * @param expect what the re-import of the written package must find
 * @param complete false when the plan left out something the source names (a missing or unreadable
 *     media or widget, shown as a notice) or includes media fetched at export time (external
 *     media): such a plan can differ on the next export of an unchanged course, so it is not cached
 *     by the course's source key (docs/course-export.md, "Caching")
 */
public record ExportPlan(
    ExportFormat format,
    String fileName,
    String writer,
    List<ExportEntry> entries,
    Expectation expect,
    boolean complete) {

  /** A complete plan. */
  public ExportPlan(
      ExportFormat format,
      String fileName,
      String writer,
      List<ExportEntry> entries,
      Expectation expect) {
    this(format, fileName, writer, entries, expect, true);
  }

  public ExportPlan {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(expect, "expect");
    entries = List.copyOf(entries);
    Set<String> seen = new HashSet<>();
    for (ExportEntry entry : entries) {
      if (!seen.add(entry.path())) {
        throw new IllegalArgumentException("duplicate entry " + entry.path());
      }
    }
  }

  /**
   * The cache key: hex SHA-256 over the writer, the format, and each entry's path, compression and
   * content hash, in order.
   */
  public String key() {
    StringBuilder text = new StringBuilder();
    text.append("export-plan/1\n").append(writer).append('\n').append(format.name()).append('\n');
    for (ExportEntry entry : entries) {
      text.append(entry.path())
          .append('\t')
          .append(entry.compress() ? 'D' : 'S')
          .append('\t')
          .append(entry.content().sha256())
          .append('\n');
    }
    return ExportEntry.sha256Hex(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * What the re-import by our own pipeline must find.
   *
   * @param standard the learning standard detected, or null for packages the pipeline does not
   *     import as a course (a QTI or plain zip), which are then only checked for being readable
   * @param formatName the pipeline's package format name when it has one (e.g. the Common Cartridge
   *     version), else null
   * @param launchHref the first launch URL, or null when not applicable
   * @param activityCount launchable activities (SCOs, CC items), or -1 when not checked
   * @param manifestPath the manifest to validate against the official XSDs ({@code
   *     imsmanifest.xml}), or null when none applies
   */
  public record Expectation(
      LearningStandard standard,
      String formatName,
      String launchHref,
      int activityCount,
      String manifestPath) {}
}
