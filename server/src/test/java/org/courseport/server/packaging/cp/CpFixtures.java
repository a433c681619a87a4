package org.courseport.server.packaging.cp;

import java.util.List;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.xml.XmlRefusedException;
import org.courseport.server.packaging.xml.XmlTreeParser;

/** Builds {@link CpManifest}s from manifest text for the checker tests. */
final class CpFixtures {
  private CpFixtures() {}

  static CpManifest manifest(String xml) {
    try {
      return CpManifestReader.read(
              new XmlTreeParser(256).parse(xml, "imsmanifest.xml"),
              "imsmanifest.xml",
              new Findings())
          .orElseThrow();
    } catch (XmlRefusedException e) {
      throw new AssertionError(e);
    }
  }

  static List<String> errors(Findings findings) {
    return rules(findings, Severity.ERROR);
  }

  static List<String> warnings(Findings findings) {
    return rules(findings, Severity.WARNING);
  }

  private static List<String> rules(Findings findings, Severity severity) {
    return findings.list().stream()
        .filter(f -> f.severity() == severity)
        .map(Finding::rule)
        .toList();
  }

  static Finding only(Findings findings, String rule) {
    return findings.list().stream()
        .filter(f -> f.rule().equals(rule))
        .reduce(
            (a, b) -> {
              throw new AssertionError("more than one " + rule + ": " + findings.list());
            })
        .orElseThrow(() -> new AssertionError("no " + rule + " in " + findings.list()));
  }
}
