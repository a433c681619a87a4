package org.courseport.server.packaging.support;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/** Passing scores as SCORM Cloud reports them: a scaled value in [0,1], as a plain string. */
public final class Scores {
  private Scores() {}

  /**
   * {@code raw / max} as a plain decimal string ({@code 80}/{@code 100} gives {@code 0.8}); empty
   * when {@code raw} is not a number or the result falls outside [0,1].
   */
  public static Optional<String> scaled(String raw, BigDecimal max) {
    String s = raw.trim();
    if (s.endsWith("%")) {
      s = s.substring(0, s.length() - 1).trim();
      max = BigDecimal.valueOf(100);
    }
    try {
      BigDecimal value = new BigDecimal(s).divide(max, 6, RoundingMode.HALF_UP);
      if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
        return Optional.empty();
      }
      return Optional.of(plain(value));
    } catch (NumberFormatException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  /**
   * A number without trailing zeros or exponent: {@code 0.80} gives {@code 0.8}, {@code 1.0} gives
   * {@code 1}.
   */
  public static String plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
  }
}
