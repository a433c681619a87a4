package org.courseport.server.export;

import java.util.List;

/**
 * Checks a written package before it is handed out: our own import pipeline re-reads it (the
 * standard, edition, launch URL and counts the plan expects, no errors) and the official XSDs
 * validate its manifest.
 */
public interface ExportVerifier {

  /** Checks the stored zip against the plan's expectation; empty when it passes. */
  List<String> problems(ExportPlan plan, ZipAssembler.StoredZip zip);
}
