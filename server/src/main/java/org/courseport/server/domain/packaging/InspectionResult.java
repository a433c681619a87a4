package org.courseport.server.domain.packaging;

import java.util.List;

/**
 * The outcome of inspecting a package: what it is (absent when it could not be recognised) and the
 * report. A package whose report has an error is refused.
 *
 * @param description what the package is; null when refused before it could be described
 * @param report all findings
 */
public record InspectionResult(PackageDescription description, ValidationReport report) {
  /** Warnings as one line each, for ImportResultSchema.parserWarnings. */
  public List<String> parserWarnings() {
    return report.findings().stream()
        .filter(f -> f.severity() == Severity.WARNING)
        .map(Finding::describe)
        .toList();
  }
}
