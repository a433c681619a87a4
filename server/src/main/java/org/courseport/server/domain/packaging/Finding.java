package org.courseport.server.domain.packaging;

/**
 * One finding of a package validation.
 *
 * @param severity error or warning
 * @param rule stable rule id, for example {@code xsd}, {@code manifest.identifier.duplicate}
 * @param file file the finding is about, relative to the package root; empty for the zip itself
 * @param line line in that file, 0 when unknown
 * @param element element or attribute concerned, empty when unknown
 * @param message what is wrong and what to do about it, for a course author
 */
public record Finding(
    Severity severity, String rule, String file, int line, String element, String message) {

  public static Finding error(String rule, String file, String message) {
    return new Finding(Severity.ERROR, rule, file, 0, "", message);
  }

  public static Finding warning(String rule, String file, String message) {
    return new Finding(Severity.WARNING, rule, file, 0, "", message);
  }

  /** One line for job messages and parserWarnings: {@code file:line: message [rule]}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    if (!file.isEmpty()) {
      sb.append(file);
      if (line > 0) {
        sb.append(':').append(line);
      }
      sb.append(": ");
    }
    return sb.append(message).append(" [").append(rule).append(']').toString();
  }
}
