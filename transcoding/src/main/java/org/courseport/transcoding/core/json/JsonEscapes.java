package org.courseport.transcoding.core.json;

/**
 * Undoes the HTML-safe escapes that protobuf's JSON printer (Gson-style) writes for {@code =},
 * {@code &}, {@code <}, {@code >} and {@code '}: valid JSON, but no documented REST response looks
 * like {@code "a\u003db"}. Other escapes, and backslashes that are themselves escaped, are kept.
 */
final class JsonEscapes {

  private JsonEscapes() {}

  static String unescapeHtmlSafe(String json) {
    if (json.indexOf("\\u00") < 0) {
      return json;
    }
    StringBuilder out = new StringBuilder(json.length());
    int i = 0;
    while (i < json.length()) {
      char c = json.charAt(i);
      if (c != '\\' || i + 1 >= json.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = json.charAt(i + 1);
      if (next == 'u' && i + 6 <= json.length()) {
        char plain = htmlSafe(json.substring(i + 2, i + 6));
        if (plain != 0) {
          out.append(plain);
          i += 6;
          continue;
        }
      }
      out.append(c).append(next); // Any other escape, including "\\", is copied whole.
      i += 2;
    }
    return out.toString();
  }

  private static char htmlSafe(String hex) {
    return switch (hex.toLowerCase(java.util.Locale.ROOT)) {
      case "003d" -> '=';
      case "0026" -> '&';
      case "003c" -> '<';
      case "003e" -> '>';
      case "0027" -> '\'';
      default -> 0;
    };
  }
}
