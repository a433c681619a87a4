package org.courseport.server.packaging.aicc;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An AICC course file (.crs): INI-style {@code [Section]} headers with {@code key=value} lines,
 * keys matched ignoring case, and the free text of {@code [Course_Description]}.
 */
final class AiccCourseFile {
  private final Map<String, Map<String, String>> sections;
  private final String description;

  private AiccCourseFile(Map<String, Map<String, String>> sections, String description) {
    this.sections = sections;
    this.description = description;
  }

  static AiccCourseFile parse(String text) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    StringBuilder description = new StringBuilder();
    String section = "";
    for (String raw : text.replace("\uFEFF", "").split("\r\n|\r|\n")) {
      String line = raw.trim();
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).trim().toLowerCase(Locale.ROOT);
        sections.putIfAbsent(section, new LinkedHashMap<>());
      } else if (section.equals("course_description")) {
        if (!line.isEmpty()) {
          description.append(description.length() == 0 ? "" : " ").append(line);
        }
      } else if (line.contains("=") && !line.startsWith(";")) {
        int eq = line.indexOf('=');
        sections
            .computeIfAbsent(section, s -> new LinkedHashMap<>())
            .putIfAbsent(
                line.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                line.substring(eq + 1).trim());
      }
    }
    return new AiccCourseFile(sections, description.toString());
  }

  /** The value of {@code key} in {@code section}, both ignoring case; empty when absent. */
  String get(String section, String key) {
    return sections
        .getOrDefault(section.toLowerCase(Locale.ROOT), Map.of())
        .getOrDefault(key.toLowerCase(Locale.ROOT), "");
  }

  /** The text of the [Course_Description] section, lines joined. */
  String description() {
    return description;
  }
}
