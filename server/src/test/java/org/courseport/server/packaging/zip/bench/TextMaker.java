package org.courseport.server.packaging.zip.bench;

import java.util.SplittableRandom;

/** Makes deterministic, compressible course text: HTML pages, scripts and style sheets. */
final class TextMaker {
  private static final String[] WORDS = words();

  private final SplittableRandom random;

  TextMaker(SplittableRandom random) {
    this.random = random;
  }

  String html(int size) {
    StringBuilder sb = new StringBuilder(size + 200);
    sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
        .append(word())
        .append("</title></head>\n<body>\n");
    while (sb.length() < size) {
      sb.append("<p class=\"").append(word()).append("\">");
      sentence(sb, 8 + random.nextInt(30));
      sb.append("</p>\n");
    }
    return sb.append("</body></html>\n").toString();
  }

  String script(int size) {
    StringBuilder sb = new StringBuilder(size + 200);
    while (sb.length() < size) {
      String name = word();
      sb.append("function ")
          .append(name)
          .append(random.nextInt(1000))
          .append("(state) {\n")
          .append("  var ")
          .append(word())
          .append(" = state.")
          .append(word())
          .append(" || ")
          .append(random.nextInt(100))
          .append(";\n  return '");
      sentence(sb, 5 + random.nextInt(10));
      sb.append("';\n}\n");
    }
    return sb.toString();
  }

  String css(int size) {
    StringBuilder sb = new StringBuilder(size + 200);
    while (sb.length() < size) {
      sb.append('.')
          .append(word())
          .append('-')
          .append(word())
          .append(" {\n  margin: ")
          .append(random.nextInt(40))
          .append("px;\n  color: #")
          .append(Integer.toHexString(0x100000 + random.nextInt(0xEFFFFF)))
          .append(";\n}\n");
    }
    return sb.toString();
  }

  private void sentence(StringBuilder sb, int words) {
    for (int i = 0; i < words; i++) {
      sb.append(i == 0 ? "" : " ").append(word());
    }
    sb.append('.');
  }

  private String word() {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private static String[] words() {
    String syllables =
        "ka lo mi ne ru sa to vi de fa go hu ja le mo pi qua re si tu ve wo xa yo ze";
    String[] parts = syllables.split(" ");
    String[] words = new String[600];
    SplittableRandom fixed = new SplittableRandom(7);
    for (int i = 0; i < words.length; i++) {
      StringBuilder w = new StringBuilder();
      for (int s = 1 + fixed.nextInt(4); s > 0; s--) {
        w.append(parts[fixed.nextInt(parts.length)]);
      }
      words[i] = w.toString();
    }
    return words;
  }
}
