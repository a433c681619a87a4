package org.courseport.server.export;

import java.util.Objects;

/**
 * How to export.
 *
 * @param format the package format
 * @param multiSco SCORM only: one SCO per lesson with forward-only sequencing instead of the
 *     default single SCO
 */
public record ExportOptions(ExportFormat format, boolean multiSco) {
  public ExportOptions {
    Objects.requireNonNull(format, "format");
  }

  /** The default options of a format (single SCO). */
  public static ExportOptions of(ExportFormat format) {
    return new ExportOptions(format, false);
  }
}
