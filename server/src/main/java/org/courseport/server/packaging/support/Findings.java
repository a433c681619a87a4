package org.courseport.server.packaging.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.Severity;

/** Collects the findings of one inspection in the order they were made. Not thread-safe. */
public final class Findings {
  private final List<Finding> findings = new ArrayList<>();

  public void error(String rule, String file, int line, String element, String message) {
    findings.add(new Finding(Severity.ERROR, rule, file, Math.max(line, 0), element, message));
  }

  public void warning(String rule, String file, int line, String element, String message) {
    findings.add(new Finding(Severity.WARNING, rule, file, Math.max(line, 0), element, message));
  }

  public void error(String rule, String file, String message) {
    error(rule, file, 0, "", message);
  }

  public void warning(String rule, String file, String message) {
    warning(rule, file, 0, "", message);
  }

  public void add(Finding finding) {
    findings.add(finding);
  }

  public void addAll(Collection<Finding> more) {
    findings.addAll(more);
  }

  public boolean hasErrors() {
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
  }

  /** Whether an error with this rule was recorded. */
  public boolean hasError(String rule) {
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR && f.rule().equals(rule));
  }

  /** A snapshot of the findings so far. */
  public List<Finding> list() {
    return List.copyOf(findings);
  }
}
