package org.courseport.server.export.imported;

import org.courseport.server.export.ExportFormat;
import org.w3c.dom.Document;

/** SCORM 1.2 manifests rewritten as SCORM 2004. */
final class Scorm12To2004 {
  private Scorm12To2004() {}

  static ScormConversion.Converted convert(
      Document manifest, ExportFormat target, ImportedPackageWriter.Source source) {
    throw ImportedPackageWriter.refused(
        source.kind(), target, "the SCORM 1.2 to 2004 conversion is not available in this build");
  }
}
