package org.courseport.server.domain.course;

import org.courseport.server.domain.DomainException;

/**
 * Rules for free-text fields a caller sets (titles, tags): a length limit, no control characters.
 */
public final class FreeText {

  /** Longest title a caller may set, in characters. */
  public static final int MAX_TITLE_LENGTH = 1000;

  private FreeText() {}

  /**
   * Returns the trimmed value when it is usable, else INVALID_ARGUMENT with {@code reason} and a
   * message naming {@code field}.
   */
  public static String require(String field, String value, int maxLength, String reason) {
    String raw = value == null ? "" : value;
    // Checked before stripping: strip() also removes control characters that Java counts as
    // white space (tab, line feed, U+001C..U+001F), which would be dropped silently otherwise.
    for (int i = 0; i < raw.length(); i++) {
      if (Character.isISOControl(raw.charAt(i))) {
        throw DomainException.invalid(
            reason,
            field
                + " must not contain control characters (found U+"
                + String.format("%04X", (int) raw.charAt(i))
                + " at position "
                + i
                + ")");
      }
    }
    String text = raw.strip();
    if (text.isEmpty()) {
      throw DomainException.invalid(reason, field + " is required");
    }
    if (text.codePointCount(0, text.length()) > maxLength) {
      throw DomainException.invalid(
          reason, field + " must be at most " + maxLength + " characters");
    }
    return text;
  }
}
