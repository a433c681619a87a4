package org.courseport.server.domain.contentexport;

import java.util.Arrays;
import java.util.Optional;

/** Canvas's {@code export_type}. */
public enum ExportType {
  /** IMS Common Cartridge ({@code .imscc}). */
  COMMON_CARTRIDGE("common_cartridge"),
  /** The quizzes as QTI. */
  QTI("qti"),
  /** The files in a plain zip. */
  ZIP("zip");

  private final String apiName;

  ExportType(String apiName) {
    this.apiName = apiName;
  }

  /** The name in requests and answers. */
  public String apiName() {
    return apiName;
  }

  /** The type of an API name. */
  public static Optional<ExportType> byApiName(String name) {
    return Arrays.stream(values()).filter(t -> t.apiName.equals(name)).findFirst();
  }
}
