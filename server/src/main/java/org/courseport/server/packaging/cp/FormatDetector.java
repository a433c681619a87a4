package org.courseport.server.packaging.cp;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.PackageFormat;
import org.courseport.server.packaging.xml.XmlElement;

/**
 * Decides what an imsmanifest.xml is: SCORM 1.2 or 2004 (edition from schemaversion, namespaces and
 * 4th-edition-only elements), Common Cartridge 1.0-1.3, QTI 2.1/2.2/3.0 or plain IMS CP.
 */
final class FormatDetector {
  static final String ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
  static final String ADLCP_13 = "http://www.adlnet.org/xsd/adlcp_v1p3";
  static final String ADLSEQ_13 = "http://www.adlnet.org/xsd/adlseq_v1p3";
  static final String IMSCP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";

  private FormatDetector() {}

  static PackageFormat detect(CpManifest m, String file, Findings findings) {
    Set<String> namespaces = namespaces(m.root());
    Optional<PackageFormat> declared = ScormVersions.parse(m.schemaVersion());
    boolean scorm12 = namespaces.contains(ADLCP_12) || namespaces.contains(IMSCP_12);
    boolean scorm2004 =
        namespaces.stream()
            .anyMatch(
                ns -> ns.contains("adlnet.org") || ns.equals("http://www.imsglobal.org/xsd/imsss"));
    if (scorm12 || scorm2004 || declared.isPresent() || m.schema().equalsIgnoreCase("ADL SCORM")) {
      return scorm12
          ? scorm12(m, declared, file, findings)
          : scorm2004(m, declared, file, findings);
    }
    return CartridgeVersions.detect(m, m.root().namespace(), file, findings)
        .or(() -> qti(m))
        .orElse(PackageFormat.IMSCP);
  }

  private static PackageFormat scorm12(
      CpManifest m, Optional<PackageFormat> declared, String file, Findings findings) {
    if (declared.isEmpty()) {
      findings.warning(
          "manifest.schemaversion.missing",
          file,
          m.root().line(),
          "schemaversion",
          "The manifest does not declare <schemaversion>1.2</schemaversion>; it uses SCORM 1.2"
              + " namespaces and was read as SCORM 1.2");
    } else if (declared.get() != PackageFormat.SCORM_12) {
      findings.warning(
          "manifest.edition.mismatch",
          file,
          m.root().line(),
          "schemaversion",
          "The manifest declares '"
              + m.schemaVersion()
              + "' but uses SCORM 1.2 namespaces;"
              + " it was read as SCORM 1.2");
    }
    return PackageFormat.SCORM_12;
  }

  private static PackageFormat scorm2004(
      CpManifest m, Optional<PackageFormat> declared, String file, Findings findings) {
    Optional<XmlElement> fourth = FourthEdition.firstFeature(m.root());
    if (declared.isEmpty() || declared.get() == PackageFormat.SCORM_12) {
      return assumedEdition(m, fourth, file, findings);
    }
    if (fourth.isPresent() && declared.get() != PackageFormat.SCORM_2004_4TH) {
      XmlElement e = fourth.get();
      findings.warning(
          "manifest.edition.mismatch",
          file,
          e.line(),
          e.qName(),
          String.format(
              "The manifest declares '%s' but uses %s, which exists only in SCORM 2004 4th Edition;"
                  + " it was read as scorm-2004-4th",
              m.schemaVersion(), e.qName()));
      return PackageFormat.SCORM_2004_4TH;
    }
    return declared.get();
  }

  /** The edition of a 2004 manifest without a usable declaration: 4th when its features say so. */
  private static PackageFormat assumedEdition(
      CpManifest m, Optional<XmlElement> fourth, String file, Findings findings) {
    PackageFormat assumed =
        fourth.isPresent() ? PackageFormat.SCORM_2004_4TH : PackageFormat.SCORM_2004_2ND;
    boolean missing = m.schemaVersion().isEmpty();
    findings.warning(
        missing ? "manifest.schemaversion.missing" : "manifest.edition.mismatch",
        file,
        m.root().line(),
        "schemaversion",
        String.format(
            "The manifest %s but uses SCORM 2004 namespaces; it was read as %s%s."
                + " Declare the edition the course was built for, e.g. <schemaversion>2004 3rd"
                + " Edition</schemaversion>",
            missing ? "has no <schemaversion>" : "declares '" + m.schemaVersion() + "'",
            assumed.id(),
            reason(fourth)));
    return assumed;
  }

  private static String reason(Optional<XmlElement> fourth) {
    return fourth.map(e -> " because it uses " + e.qName() + " (4th Edition only)").orElse("");
  }

  private static Optional<PackageFormat> qti(CpManifest m) {
    String ns = m.root().namespace().toLowerCase(Locale.ROOT);
    Set<String> types =
        m.resources().stream()
            .map(r -> r.type().toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());
    if (ns.contains("qtiv3p0") || types.stream().anyMatch(t -> t.matches("imsqti_\\w+_xmlv3p0"))) {
      return Optional.of(PackageFormat.QTI_30);
    }
    if (types.stream().anyMatch(t -> t.matches("imsqti_(item|test)_xmlv2p2"))) {
      return Optional.of(PackageFormat.QTI_22);
    }
    if (types.stream().anyMatch(t -> t.matches("imsqti_(item|test)_xmlv2p1"))) {
      return Optional.of(PackageFormat.QTI_21);
    }
    return Optional.empty();
  }

  /** Namespaces of every element and attribute of the document. */
  static Set<String> namespaces(XmlElement root) {
    return root.descendantsAndSelf()
        .flatMap(
            e ->
                Stream.concat(
                    Stream.of(e.namespace()),
                    e.attributes().stream().map(XmlElement.Attribute::namespace)))
        .filter(ns -> !ns.isEmpty())
        .collect(Collectors.toSet());
  }
}
