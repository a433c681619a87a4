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
    String text = value == null ? "" : value.strip();
    if (text.isEmpty()) {
      throw DomainException.invalid(reason, field + " is required");
    }
    if (text.codePointCount(0, text.length()) > maxLength) {
      throw DomainException.invalid(
          reason, field + " must be at most " + maxLength + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw DomainException.invalid(
            reason,
            field
                + " must not contain control characters (found U+"
                + String.format("%04X", (int) text.charAt(i))
                + " at position "
                + i
                + ")");
      }
    }
    return text;
  }
}
