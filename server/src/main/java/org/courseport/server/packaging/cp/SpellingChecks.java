package org.courseport.server.packaging.cp;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.PackageFormat;
import org.courseport.server.packaging.xml.XmlElement;

/**
 * SCORM 1.2 and 2004 spell the same ADL extensions differently ({@code adlcp:scormtype} vs {@code
 * adlcp:scormType}, {@code adlcp:datafromlms} vs {@code adlcp:dataFromLMS}). The parser reads both;
 * this check warns when a manifest uses the other edition's spelling.
 */
final class SpellingChecks {
  /** SCORM 2004 spellings of the names SCORM 1.2 writes in lower case. */
  private static final Map<String, String> SCORM_2004_NAMES =
      Map.of(
          "scormtype", "scormType",
          "datafromlms", "dataFromLMS",
          "timelimitaction", "timeLimitAction",
          "completionthreshold", "completionThreshold");

  private SpellingChecks() {}

  static void run(XmlElement root, PackageFormat format, String file, Findings findings) {
    Set<String> seen = new HashSet<>();
    root.descendantsAndSelf()
        .forEach(
            e -> {
              if (isAdlcp(e.namespace())) {
                check(e.qName(), e.localName(), e.line(), format, file, findings, seen);
              }
              for (XmlElement.Attribute a : e.attributes()) {
                if (isAdlcp(a.namespace())) {
                  check(a.qName(), a.localName(), e.line(), format, file, findings, seen);
                }
              }
            });
  }

  private static void check(
      String qName,
      String local,
      int line,
      PackageFormat format,
      String file,
      Findings findings,
      Set<String> seen) {
    String lower = local.toLowerCase(Locale.ROOT);
    if (format == PackageFormat.SCORM_12 && !local.equals(lower) && seen.add(local)) {
      findings.warning(
          "manifest.scorm12-spelling",
          file,
          line,
          qName,
          qName
              + " is the SCORM 2004"
              + " spelling; SCORM 1.2 writes it in lower case ("
              + prefix(qName)
              + lower
              + "). It was read anyway, but other LMSs may ignore it");
    } else if (format.isScorm2004() && SCORM_2004_NAMES.containsKey(local) && seen.add(local)) {
      findings.warning(
          "manifest.scorm2004-spelling",
          file,
          line,
          qName,
          qName
              + " is the SCORM"
              + " 1.2 spelling; SCORM 2004 writes "
              + prefix(qName)
              + SCORM_2004_NAMES.get(local)
              + ". It was read anyway, but other LMSs may ignore it");
    }
  }

  private static boolean isAdlcp(String namespace) {
    return namespace.startsWith("http://www.adlnet.org/xsd/adlcp");
  }

  private static String prefix(String qName) {
    int colon = qName.indexOf(':');
    return colon < 0 ? "" : qName.substring(0, colon + 1);
  }
}
