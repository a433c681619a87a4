package org.courseport.server.export.imported;

import org.courseport.server.export.ExportFormat;
import org.w3c.dom.Document;

/** SCORM 2004 manifests rewritten as SCORM 1.2. */
final class Scorm2004To12 {
  private Scorm2004To12() {}

  static ScormConversion.Converted convert(Document manifest, ImportedPackageWriter.Source source) {
    throw ImportedPackageWriter.refused(
        source.kind(),
        ExportFormat.SCORM12,
        "the SCORM 2004 to 1.2 conversion is not available in this build");
  }
}
