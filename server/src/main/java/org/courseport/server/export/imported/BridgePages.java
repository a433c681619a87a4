package org.courseport.server.export.imported;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;

/**
 * The files that let SCORM content talk to an LMS of the other SCORM version: a bridge script that
 * provides the API the content looks for on top of the API the LMS provides ({@code
 * scorm12-on-2004.js}: {@code API} over {@code API_1484_11}; {@code scorm2004-on-12.js}: the
 * reverse), and one launch page per SCO that loads the script and the SCO's original page in a
 * full-size frame, so the content files stay byte-identical.
 */
final class BridgePages {
  static final String FOLDER = "courseport-bridge/";

  /** Which way a bridge translates. */
  enum Direction {
    /** SCORM 1.2 content in a SCORM 2004 LMS. */
    SCORM12_ON_2004("scorm12-on-2004.js"),
    /** SCORM 2004 content in a SCORM 1.2 LMS. */
    SCORM2004_ON_12("scorm2004-on-12.js");

    private final String script;

    Direction(String script) {
      this.script = script;
    }

    /** The script's path in the package. */
    String scriptPath() {
      return FOLDER + script;
    }
  }

  private final Direction direction;
  private final Set<String> used = new HashSet<>();

  BridgePages(Direction direction) {
    this.direction = direction;
  }

  /** Refuses a package that already has files where the bridge goes. */
  static void refuseTakenFolder(ImportedPackageWriter.Source source, ExportFormat target) {
    source.pkg().files().stream()
        .map(StoredPackage.File::path)
        .filter(p -> p.startsWith(FOLDER))
        .findFirst()
        .ifPresent(
            p -> {
              throw ImportedPackageWriter.refused(
                  source.kind(),
                  target,
                  "it already holds a file at "
                      + p
                      + ", where the conversion puts its bridge pages");
            });
  }

  /** The bridge script entry. */
  ExportEntry script() {
    String resource = direction.script;
    try (InputStream in = BridgePages.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("bridge script not bundled: " + resource);
      }
      return ExportEntry.bytes(direction.scriptPath(), in.readAllBytes(), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A unique launch page path for a resource identifier. */
  String launchPath(String identifier) {
    String safe = identifier.replaceAll("[^A-Za-z0-9_.-]", "_");
    if (safe.isEmpty()) {
      safe = "sco";
    }
    String path = FOLDER + "launch-" + safe + ".html";
    for (int n = 2; !used.add(path); n++) {
      path = FOLDER + "launch-" + safe + "-" + n + ".html";
    }
    return path;
  }

  /**
   * The launch page at {@code path} (inside {@link #FOLDER}) for the SCO page {@code target} (a
   * package-root-relative URL, possibly with a query): the frame gets the target with the query and
   * fragment the LMS launched this page with.
   */
  ExportEntry launchPage(String path, String target, String title) {
    String html =
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>%s</title>
        <style>html,body{margin:0;padding:0;width:100%%;height:100%%;overflow:hidden}\
        iframe{display:block;border:0;width:100%%;height:100%%}</style>
        <script src="%s"></script>
        </head>
        <body>
        <iframe id="courseport-content" title="%s" data-src="../%s"></iframe>
        <script>CourseportBridge.launch(document.getElementById("courseport-content"));</script>
        </body>
        </html>
        """
            .formatted(
                CartridgeWrapper.escape(title),
                direction.script,
                CartridgeWrapper.escape(title),
                CartridgeWrapper.escape(target));
    return ExportEntry.text(path, html);
  }
}
