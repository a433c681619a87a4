package org.courseport.server.domain.packaging;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The validation report of a package: every finding of the zip checks, the XSD validation and the
 * semantic checks, errors first.
 *
 * @param packageFormat the format recognised, e.g. {@code scorm-2004-3rd}; empty when none
 * @param standard the learning standard recognised
 * @param findings the findings
 * @param schemas the schemas the manifest was validated against
 */
public record ValidationReport(
    String packageFormat, LearningStandard standard, List<Finding> findings, List<String> schemas) {
  public ValidationReport {
    findings = findings.stream().sorted(Comparator.comparing(Finding::severity)).toList();
    schemas = List.copyOf(schemas);
  }

  public boolean valid() {
    return errorCount() == 0;
  }

  public long errorCount() {
    return findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
  }

  public long warningCount() {
    return findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
  }

  /** The first error, which names why a package is refused. */
  public Optional<Finding> firstError() {
    return findings.stream().filter(f -> f.severity() == Severity.ERROR).findFirst();
  }
}
