package org.courseport.server.browser;

import java.util.List;

/**
 * The LMS-side runtime a launch gets from scorm-again: which global the package looks for and which
 * scorm-again class provides it.
 */
public enum ScormRuntime {
  /** SCORM 1.2: {@code window.API}, scorm-again's {@code Scorm12API}. */
  SCORM12(
      "API",
      "Scorm12API",
      "LMSInitialize",
      "LMSFinish",
      "LMSSetValue",
      List.of(
          "LMSInitialize",
          "LMSFinish",
          "LMSGetValue",
          "LMSSetValue",
          "LMSCommit",
          "LMSGetLastError",
          "LMSGetErrorString",
          "LMSGetDiagnostic")),
  /** SCORM 2004 (3rd and 4th editions): {@code window.API_1484_11}, {@code Scorm2004API}. */
  SCORM2004(
      "API_1484_11",
      "Scorm2004API",
      "Initialize",
      "Terminate",
      "SetValue",
      List.of(
          "Initialize",
          "Terminate",
          "GetValue",
          "SetValue",
          "Commit",
          "GetLastError",
          "GetErrorString",
          "GetDiagnostic",
          "SequenceNext",
          "SequencePrevious"));

  private final String global;
  private final String apiClass;
  private final String initialize;
  private final String terminate;
  private final String setValue;
  private final List<String> methods;

  ScormRuntime(
      String global,
      String apiClass,
      String initialize,
      String terminate,
      String setValue,
      List<String> methods) {
    this.global = global;
    this.apiClass = apiClass;
    this.initialize = initialize;
    this.terminate = terminate;
    this.setValue = setValue;
    this.methods = methods;
  }

  /** The window property the package's runtime looks for ({@code API}, {@code API_1484_11}). */
  public String global() {
    return global;
  }

  /** scorm-again's constructor for this standard. */
  public String apiClass() {
    return apiClass;
  }

  /** The API's initialize method name. */
  public String initialize() {
    return initialize;
  }

  /** The API's terminate method name ({@code LMSFinish} / {@code Terminate}). */
  public String terminate() {
    return terminate;
  }

  /** The API's set-value method name. */
  public String setValue() {
    return setValue;
  }

  /** The API methods whose calls the LMS page records. */
  public List<String> methods() {
    return methods;
  }
}
