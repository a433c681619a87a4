package org.courseport.server.export;

import java.util.Arrays;
import java.util.Optional;

/** What a course can be exported as. */
public enum ExportFormat {
  /** SCORM 1.2 (LearningStudio "scorm12"). */
  SCORM12("scorm12"),
  /** SCORM 2004 3rd edition (LearningStudio "scorm2004"). */
  SCORM2004_3RD("scorm2004"),
  /** SCORM 2004 4th edition (LearningStudio "scorm2004_4"). */
  SCORM2004_4TH("scorm2004_4"),
  /** IMS Common Cartridge 1.3 (Canvas "common_cartridge"). */
  COMMON_CARTRIDGE_13("common_cartridge"),
  /** IMS Common Cartridge 1.1 (Canvas "common_cartridge" with cc_version 1.1). */
  COMMON_CARTRIDGE_11("common_cartridge_1.1"),
  /** The course's quizzes as QTI 1.2 with an IMS CP manifest (Canvas "qti"). */
  QTI("qti"),
  /** The course's files in a plain zip (Canvas "zip"). */
  ZIP("zip");

  private final String apiName;

  ExportFormat(String apiName) {
    this.apiName = apiName;
  }

  /** The name the REST APIs use. */
  public String apiName() {
    return apiName;
  }

  /** Whether this is one of the SCORM formats. */
  public boolean scorm() {
    return this == SCORM12 || this == SCORM2004_3RD || this == SCORM2004_4TH;
  }

  /** Whether this is a SCORM 2004 edition. */
  public boolean scorm2004() {
    return this == SCORM2004_3RD || this == SCORM2004_4TH;
  }

  /** The format with this API name. */
  public static Optional<ExportFormat> byApiName(String name) {
    return Arrays.stream(values()).filter(f -> f.apiName.equals(name)).findFirst();
  }
}
