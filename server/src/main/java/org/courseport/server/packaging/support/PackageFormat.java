package org.courseport.server.packaging.support;

import org.courseport.server.domain.packaging.LearningStandard;

/** The package formats the inspector recognises, with their SCORM Cloud learning standard. */
public enum PackageFormat {
  SCORM_12("scorm-1.2", LearningStandard.SCORM12),
  SCORM_2004_2ND("scorm-2004-2nd", LearningStandard.SCORM2004_2ND),
  SCORM_2004_3RD("scorm-2004-3rd", LearningStandard.SCORM2004_3RD),
  SCORM_2004_4TH("scorm-2004-4th", LearningStandard.SCORM2004_4TH),
  CMI5("cmi5", LearningStandard.CMI5),
  XAPI("xapi", LearningStandard.XAPI),
  AICC("aicc", LearningStandard.AICC),
  IMSCC_10("imscc-1.0", LearningStandard.UNKNOWN),
  IMSCC_11("imscc-1.1", LearningStandard.UNKNOWN),
  IMSCC_12("imscc-1.2", LearningStandard.UNKNOWN),
  IMSCC_13("imscc-1.3", LearningStandard.UNKNOWN),
  IMSCP("imscp", LearningStandard.UNKNOWN),
  QTI_21("qti-2.1", LearningStandard.UNKNOWN),
  QTI_22("qti-2.2", LearningStandard.UNKNOWN),
  QTI_30("qti-3.0", LearningStandard.UNKNOWN);

  private final String id;
  private final LearningStandard standard;

  PackageFormat(String id, LearningStandard standard) {
    this.id = id;
    this.standard = standard;
  }

  /** The packageFormat string, e.g. {@code scorm-2004-3rd}. */
  public String id() {
    return id;
  }

  public LearningStandard standard() {
    return standard;
  }

  public boolean isScorm() {
    return this == SCORM_12 || isScorm2004();
  }

  public boolean isScorm2004() {
    return this == SCORM_2004_2ND || this == SCORM_2004_3RD || this == SCORM_2004_4TH;
  }

  public boolean isCommonCartridge() {
    return this == IMSCC_10 || this == IMSCC_11 || this == IMSCC_12 || this == IMSCC_13;
  }

  public boolean isQti() {
    return this == QTI_21 || this == QTI_22 || this == QTI_30;
  }
}
