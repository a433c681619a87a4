package org.courseport.server.packaging.cp;

import java.math.BigDecimal;
import java.util.Optional;
import org.courseport.server.packaging.cp.CpManifest.Item;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.PackageFormat;
import org.courseport.server.packaging.support.Scores;
import org.courseport.server.packaging.xml.XmlElement;

/**
 * The scaled passing score of an item: SCORM 1.2 {@code adlcp:masteryscore} (0-100) divided by 100;
 * SCORM 2004 {@code imsss:minNormalizedMeasure} of a primary objective satisfied by measure, from
 * the item's own sequencing or the sequencingCollection entry it references.
 */
final class PassingScores {
  private final CpManifest manifest;
  private final PackageFormat format;
  private final String file;
  private final Findings findings;

  PassingScores(CpManifest manifest, PackageFormat format, String file, Findings findings) {
    this.manifest = manifest;
    this.format = format;
    this.file = file;
    this.findings = findings;
  }

  String of(Item item) {
    if (format == PackageFormat.SCORM_12) {
      return item.element()
          .childIgnoreCase("masteryscore")
          .map(e -> scaled(e, BigDecimal.valueOf(100), "between 0 and 100"))
          .orElse("");
    }
    if (format.isScorm2004()) {
      return primaryObjective(item)
          .filter(p -> p.attr("satisfiedByMeasure").trim().equals("true"))
          .map(
              p ->
                  p.child("minNormalizedMeasure")
                      .map(m -> scaled(m, BigDecimal.ONE, "between 0 and 1"))
                      .orElse("1"))
          .orElse("");
    }
    return "";
  }

  private Optional<XmlElement> primaryObjective(Item item) {
    Optional<XmlElement> sequencing = item.element().child("sequencing");
    Optional<XmlElement> own = sequencing.flatMap(PassingScores::primaryOf);
    if (own.isPresent() || sequencing.isEmpty()) {
      return own;
    }
    String ref = sequencing.get().attr("IDRef").trim();
    return manifest.root().child("sequencingCollection").stream()
        .flatMap(c -> c.children("sequencing").stream())
        .filter(s -> !ref.isEmpty() && s.attr("ID").trim().equals(ref))
        .findFirst()
        .flatMap(PassingScores::primaryOf);
  }

  private static Optional<XmlElement> primaryOf(XmlElement sequencing) {
    return sequencing.child("objectives").flatMap(o -> o.child("primaryObjective"));
  }

  private String scaled(XmlElement e, BigDecimal max, String range) {
    if (e.text().isEmpty()) {
      return "";
    }
    Optional<String> value = Scores.scaled(e.text(), max);
    if (value.isEmpty()) {
      findings.warning(
          "manifest.masteryscore.invalid",
          file,
          e.line(),
          e.qName(),
          "<"
              + e.qName()
              + ">"
              + e.text()
              + "</"
              + e.qName()
              + "> is not a number "
              + range
              + "; ignored");
    }
    return value.orElse("");
  }
}
