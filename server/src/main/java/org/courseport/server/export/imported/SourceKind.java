package org.courseport.server.export.imported;

import org.courseport.server.export.ExportFormat;

/** What an imported package is, by the import's {@code packageFormat}, with how it is named. */
enum SourceKind {
  SCORM12("scorm-1.2", "a SCORM 1.2 course"),
  SCORM2004_2ND("scorm-2004-2nd", "a SCORM 2004 2nd Edition course"),
  SCORM2004_3RD("scorm-2004-3rd", "a SCORM 2004 3rd Edition course"),
  SCORM2004_4TH("scorm-2004-4th", "a SCORM 2004 4th Edition course"),
  CMI5("cmi5", "a cmi5 course"),
  XAPI("xapi", "a Tin Can (xAPI) course"),
  AICC("aicc", "an AICC course"),
  IMSCC_10("imscc-1.0", "a Common Cartridge 1.0 course"),
  IMSCC_11("imscc-1.1", "a Common Cartridge 1.1 course"),
  IMSCC_12("imscc-1.2", "a Common Cartridge 1.2 course"),
  IMSCC_13("imscc-1.3", "a Common Cartridge 1.3 course"),
  IMSCP("imscp", "an IMS content package"),
  QTI("qti-", "a QTI package"),
  MEDIA("media", "a media file course"),
  UNKNOWN("", "a course of an unrecognised package format");

  private final String format;
  private final String label;

  SourceKind(String format, String label) {
    this.format = format;
    this.label = label;
  }

  static SourceKind of(String packageFormat) {
    String f = packageFormat == null ? "" : packageFormat;
    for (SourceKind kind : values()) {
      if (kind == QTI ? f.startsWith(kind.format) : kind != UNKNOWN && f.equals(kind.format)) {
        return kind;
      }
    }
    return UNKNOWN;
  }

  /** How messages name a course of this kind, e.g. "a cmi5 course". */
  String label() {
    return label;
  }

  boolean scorm() {
    return this == SCORM12 || scorm2004();
  }

  boolean scorm2004() {
    return this == SCORM2004_2ND || this == SCORM2004_3RD || this == SCORM2004_4TH;
  }

  /** Whether a package of this kind is exactly the format asked, so it is exported as it is. */
  boolean isOwn(ExportFormat format) {
    return switch (format) {
      case SCORM12 -> this == SCORM12;
      case SCORM2004_3RD -> this == SCORM2004_3RD;
      case SCORM2004_4TH -> this == SCORM2004_4TH;
      case COMMON_CARTRIDGE_13 -> this == IMSCC_13;
      case COMMON_CARTRIDGE_11 -> this == IMSCC_11;
      case QTI -> this == QTI;
      case ZIP -> false;
    };
  }

  /** How messages name an export format, e.g. "SCORM 2004 4th Edition". */
  static String label(ExportFormat format) {
    return switch (format) {
      case SCORM12 -> "SCORM 1.2";
      case SCORM2004_3RD -> "SCORM 2004 3rd Edition";
      case SCORM2004_4TH -> "SCORM 2004 4th Edition";
      case COMMON_CARTRIDGE_13 -> "Common Cartridge 1.3";
      case COMMON_CARTRIDGE_11 -> "Common Cartridge 1.1";
      case QTI -> "QTI";
      case ZIP -> "a zip";
    };
  }
}
