package org.courseport.server.packaging.xml;

/** Looks at the prolog of XML text (before the root element) for a DOCTYPE declaration. */
final class Prolog {
  private Prolog() {}

  /** The 1-based line of a DOCTYPE declaration in the prolog, or 0 when there is none. */
  static int doctypeLine(String text) {
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\uFEFF' || Character.isWhitespace(c)) {
        i++;
      } else if (text.startsWith("<?", i)) {
        i = skipPast(text, i, "?>");
      } else if (text.startsWith("<!--", i)) {
        i = skipPast(text, i, "-->");
      } else if (text.regionMatches(true, i, "<!DOCTYPE", 0, 9)) {
        return lineAt(text, i);
      } else {
        return 0;
      }
    }
    return 0;
  }

  private static int skipPast(String text, int from, String end) {
    int at = text.indexOf(end, from);
    return at < 0 ? text.length() : at + end.length();
  }

  private static int lineAt(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
