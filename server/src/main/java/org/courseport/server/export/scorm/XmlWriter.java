package org.courseport.server.export.scorm;

/**
 * A small, deterministic XML writer for the manifests and assessments the writers generate:
 * attributes in the order given, two-space indentation, UTF-8 declaration, everything escaped. Text
 * that is not allowed in XML 1.0 (control characters) is dropped.
 */
public final class XmlWriter {
  private final StringBuilder out = new StringBuilder();
  private final java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>();
  private boolean startPending;

  public XmlWriter() {
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  }

  /** Opens an element with attributes given as name, value pairs (null values are skipped). */
  public XmlWriter start(String name, String... attributes) {
    closePendingStart(true);
    indent();
    out.append('<').append(name);
    attributes(attributes);
    open.push(name);
    startPending = true;
    return this;
  }

  /** An element without content. */
  public XmlWriter empty(String name, String... attributes) {
    closePendingStart(true);
    indent();
    out.append('<').append(name);
    attributes(attributes);
    out.append("/>\n");
    return this;
  }

  /** An element with text content only. */
  public XmlWriter element(String name, String text, String... attributes) {
    closePendingStart(true);
    indent();
    out.append('<').append(name);
    attributes(attributes);
    out.append('>');
    escape(text, false);
    out.append("</").append(name).append(">\n");
    return this;
  }

  /** Closes the innermost open element. */
  public XmlWriter end() {
    String name = open.pop();
    if (startPending) {
      out.append("/>\n");
      startPending = false;
      return this;
    }
    indent();
    out.append("</").append(name).append(">\n");
    return this;
  }

  /** The document; every element must be closed. */
  @Override
  public String toString() {
    if (!open.isEmpty()) {
      throw new IllegalStateException("unclosed elements: " + open);
    }
    return out.toString();
  }

  private void attributes(String... attributes) {
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come in name, value pairs");
    }
    for (int i = 0; i < attributes.length; i += 2) {
      if (attributes[i + 1] == null) {
        continue;
      }
      out.append(' ').append(attributes[i]).append("=\"");
      escape(attributes[i + 1], true);
      out.append('"');
    }
  }

  private void closePendingStart(boolean newline) {
    if (startPending) {
      out.append('>');
      if (newline) {
        out.append('\n');
      }
      startPending = false;
    }
  }

  private void indent() {
    out.append("  ".repeat(open.size()));
  }

  private void escape(String text, boolean attribute) {
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        case '\n' -> out.append(attribute ? "&#10;" : "\n");
        case '\r' -> out.append("&#13;");
        case '\t' -> out.append(attribute ? "&#9;" : "\t");
        default -> {
          if (allowed(c)) {
            out.appendCodePoint(c);
          }
        }
      }
    }
  }

  private static boolean allowed(int c) {
    return (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }
}
