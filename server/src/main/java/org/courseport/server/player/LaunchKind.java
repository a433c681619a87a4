package org.courseport.server.player;

import java.util.Locale;

/**
 * How a package format launches: as SCORM 1.2, as SCORM 2004, as a plain IMS content package (its
 * resources launched as SCORM 1.2-style assets, no run-time API calls expected), or not at all,
 * with the reason shown to the learner.
 *
 * @param standard the plan's standard ({@code scorm12}, {@code scorm2004}), or null when
 *     unsupported
 * @param scorm2004 whether the manifest uses SCORM 2004 (sequencing, 2004 item elements)
 * @param assetsOnly whether every resource is an asset (plain IMS content package)
 * @param unsupportedReason why the format cannot be launched, or null
 */
record LaunchKind(
    String standard, boolean scorm2004, boolean assetsOnly, String unsupportedReason) {
  static final LaunchKind SCORM12 = new LaunchKind("scorm12", false, false, null);
  static final LaunchKind SCORM2004 = new LaunchKind("scorm2004", true, false, null);
  static final LaunchKind IMSCP = new LaunchKind("scorm12", false, true, null);

  /** The kind of a {@code PackageDescription.packageFormat()}. */
  static LaunchKind of(String packageFormat) {
    String f = packageFormat == null ? "" : packageFormat.toLowerCase(Locale.ROOT);
    if (f.equals("scorm-1.2")) {
      return SCORM12;
    }
    if (f.startsWith("scorm-2004")) {
      return SCORM2004;
    }
    if (f.equals("imscp")) {
      return IMSCP;
    }
    if (f.equals("cmi5")) {
      return unsupported(
          "cmi5 courses need an LRS (a learning record store) to receive their statements;"
              + " preview is not available for them");
    }
    if (f.equals("xapi")) {
      return unsupported(
          "xAPI (Tin Can) courses need an LRS (a learning record store) to receive their"
              + " statements; preview is not available for them");
    }
    if (f.equals("aicc")) {
      return unsupported(
          "AICC courses talk to the LMS over HACP, which Courseport does not support;"
              + " preview is not available for them");
    }
    if (f.startsWith("imscc")) {
      return unsupported(
          "Common Cartridge packages are not launchable SCORM packages: import them into an LMS"
              + " (e.g. Canvas) to use them; preview is not available");
    }
    if (f.startsWith("qti")) {
      return unsupported(
          "QTI packages hold tests and items, not a launchable SCORM package; preview is not"
              + " available");
    }
    if (f.equals("media")) {
      return unsupported(
          "Media courses (a single audio or video file) are not launched through the SCORM"
              + " player; preview is not available");
    }
    return unsupported(
        "Courses of the format '"
            + packageFormat
            + "' cannot be launched; preview is not available");
  }

  private static LaunchKind unsupported(String reason) {
    return new LaunchKind(null, false, false, reason);
  }
}
