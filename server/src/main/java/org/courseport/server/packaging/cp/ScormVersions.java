package org.courseport.server.packaging.cp;

import java.util.Locale;
import java.util.Optional;
import org.courseport.server.packaging.support.PackageFormat;

/** Maps the metadata/schemaversion strings SCORM packages use to an edition. */
final class ScormVersions {
  private ScormVersions() {}

  /**
   * {@code 1.2} is SCORM 1.2; {@code CAM 1.3} and {@code 2004 2nd Edition} are 2004 2nd Edition;
   * {@code 2004 3rd Edition} and {@code 2004 4th Edition} name theirs. Anything else is empty.
   */
  static Optional<PackageFormat> parse(String schemaVersion) {
    String v = schemaVersion.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (v.equals("1.2") || v.equals("scorm 1.2")) {
      return Optional.of(PackageFormat.SCORM_12);
    }
    if (v.equals("cam 1.3") || v.equals("1.3") || v.matches("(scorm )?2004 2nd edition")) {
      return Optional.of(PackageFormat.SCORM_2004_2ND);
    }
    if (v.matches("(scorm )?2004 3rd edition")) {
      return Optional.of(PackageFormat.SCORM_2004_3RD);
    }
    if (v.matches("(scorm )?2004 4th edition")) {
      return Optional.of(PackageFormat.SCORM_2004_4TH);
    }
    return Optional.empty();
  }
}
