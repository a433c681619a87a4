package org.courseport.server.packaging.xml;

import java.util.Optional;

/**
 * A text with its language, as LOM, IMS MD, cmi5 and tincan write them: {@code <string
 * language="en">}, {@code <langstring xml:lang="en">} or plain text.
 */
public record LangText(String text, String language) {
  private static final String XML_NS = "http://www.w3.org/XML/1998/namespace";

  /** The first language string of {@code e}, or its own text; runs of white space collapsed. */
  public static LangText of(XmlElement e) {
    for (XmlElement c : e.children()) {
      String name = c.localName().toLowerCase(java.util.Locale.ROOT);
      if (name.equals("string") || name.equals("langstring")) {
        return new LangText(collapse(c.text()), languageOf(c));
      }
    }
    return new LangText(collapse(e.text()), languageOf(e));
  }

  /** {@code text} with each run of white space (line breaks, indentation) made one space. */
  public static String collapse(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  /** The language attribute of an element ({@code language}, {@code lang} or {@code xml:lang}). */
  public static String languageOf(XmlElement e) {
    return e.attribute("language")
        .or(() -> e.attribute("lang"))
        .or(() -> e.attribute(XML_NS, "lang"))
        .map(String::trim)
        .filter(LangText::isRealLanguage)
        .orElse("");
  }

  /** Whether a language tag names a language ({@code x-none} and {@code none} do not). */
  public static boolean isRealLanguage(String tag) {
    return !tag.isBlank() && !tag.equalsIgnoreCase("x-none") && !tag.equalsIgnoreCase("none");
  }

  /** The language text of the first child named {@code name} (ignoring case), if present. */
  public static Optional<LangText> child(XmlElement parent, String name) {
    return parent.childIgnoreCase(name).map(LangText::of);
  }
}
