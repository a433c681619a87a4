package org.courseport.server.export.scorm;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.Locale;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportFormat;

/** Deterministic names the authored-course writers share: file names, identifiers, numbers. */
public final class Names {
  private Names() {}

  /** A lower-case ASCII slug of {@code text}, at most 60 characters; {@code course} when empty. */
  public static String slug(String text) {
    String ascii =
        Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}+", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("(^-+|-+$)", "");
    if (ascii.length() > 60) {
      ascii = ascii.substring(0, 60).replaceAll("-+$", "");
    }
    return ascii.isEmpty() ? "course" : ascii;
  }

  /** The download name {@code {slug}-{format api name}.{ext}}. */
  public static String fileName(CourseSnapshot course, ExportFormat format, String ext) {
    return slug(course.title()) + "-" + format.apiName() + "." + ext;
  }

  /**
   * A valid xs:ID (an NCName) made of {@code prefix} and the letters, digits, '-', '_' and '.' of
   * {@code value}; the prefix starts with a letter.
   */
  public static String xsId(String prefix, String value) {
    return prefix + (value == null ? "" : value.replaceAll("[^A-Za-z0-9._-]", "_"));
  }

  /** A decimal without exponent or trailing zeros: 80 → "80", 0.80 → "0.8". */
  public static String decimal(double value) {
    BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
    return d.signum() == 0 ? "0" : d.toPlainString();
  }

  /** A percent mastery score (0–100) as a scaled score (0–1). */
  public static String scaled(int percent) {
    return new BigDecimal(percent).movePointLeft(2).stripTrailingZeros().toPlainString();
  }
}
