package org.courseport.server.export.web;

/** Escaping for text and attribute values, and for JSON inside a script element. */
public final class Html {

  private Html() {}

  /** Text or a double- or single-quoted attribute value: {@code & < > " '} escaped. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // Control characters other than tab and line breaks are not allowed in HTML text.
          if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
            out.append(' ');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * JSON made safe to sit inside {@code <script type="application/json">}: {@code <}, {@code >},
   * {@code &} and the JavaScript line separators become unicode escapes, so no {@code </script>} or
   * {@code <!--} can end or change the element. The JSON value is unchanged.
   */
  public static String scriptJson(String json) {
    StringBuilder out = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
