package org.courseport.server.packaging.aicc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An AICC CSV file (.au, .des, .cst, .ort, .pre): a header row and data rows, fields separated by
 * commas, optionally quoted with {@code ""} as an escaped quote. Headers match ignoring case.
 */
final class AiccTable {
  /** One data row, with its 1-based line in the file. */
  record Row(int line, List<String> header, List<String> values) {
    /** The value under {@code column} (ignoring case), or empty. */
    String get(String column) {
      for (int i = 0; i < header.size() && i < values.size(); i++) {
        if (header.get(i).equalsIgnoreCase(column)) {
          return values.get(i);
        }
      }
      return "";
    }

    /** The value of the {@code index}-th column, or empty. */
    String get(int index) {
      return index < values.size() ? values.get(index) : "";
    }
  }

  private final List<String> header;
  private final List<Row> rows;

  private AiccTable(List<String> header, List<Row> rows) {
    this.header = header;
    this.rows = rows;
  }

  List<Row> rows() {
    return rows;
  }

  boolean hasColumn(String column) {
    return header.stream().anyMatch(h -> h.equalsIgnoreCase(column));
  }

  static AiccTable parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    new Scanner(text, records, lines).scan();
    if (records.isEmpty()) {
      return new AiccTable(List.of(), List.of());
    }
    List<String> header =
        records.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < records.size(); i++) {
      rows.add(new Row(lines.get(i), header, records.get(i)));
    }
    return new AiccTable(header, rows);
  }

  /** Splits text into records of fields, skipping blank lines; quoted fields may span lines. */
  private static final class Scanner {
    private final String text;
    private final List<List<String>> records;
    private final List<Integer> lines;
    private List<String> record = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private int line = 1;
    private int start = -1;

    Scanner(String text, List<List<String>> records, List<Integer> lines) {
      this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
      this.records = records;
      this.lines = lines;
    }

    void scan() {
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '\n' || c == '\r') {
          endRecord();
        } else if (c == '"') {
          quoted = true;
          begin();
        } else if (c == ',') {
          begin();
          record.add(field.toString().trim());
          field.setLength(0);
        } else if (!Character.isWhitespace(c) || start >= 0) {
          begin();
          field.append(c);
        }
        if (c == '\n') {
          line++;
        }
      }
      endRecord();
    }

    private void begin() {
      if (start < 0) {
        start = line;
      }
    }

    private void endRecord() {
      if (start >= 0) {
        record.add(field.toString().trim());
        records.add(record);
        lines.add(start);
      }
      record = new ArrayList<>();
      field.setLength(0);
      start = -1;
    }
  }
}
