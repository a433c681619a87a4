package org.courseport.server.domain.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.stream.Collectors;
import org.courseport.server.domain.DomainException;

/** Validates setting values against their definition and returns their canonical form. */
final class SettingValues {
  static final String INVALID = "SETTING_INVALID_VALUE";
  private static final int MAX_LENGTH = 4096;

  private SettingValues() {}

  /**
   * The canonical form of {@code value} (booleans lower-case, enum values as declared, ints without
   * sign or zeros), or SETTING_INVALID_VALUE naming the setting.
   */
  static String normalize(SettingDefinition d, String value) {
    if (value == null) {
      throw invalid(d, null, "a value is required");
    }
    if (value.length() > MAX_LENGTH) {
      throw invalid(d, value.substring(0, 40) + "...", "longer than " + MAX_LENGTH + " characters");
    }
    return switch (d.dataType()) {
      case STRING -> value;
      case BOOL -> bool(d, value.trim());
      case INT -> integer(d, value.trim());
      case ENUM -> enumValue(d, value.trim());
      case URL -> url(d, value.trim());
    };
  }

  private static String bool(SettingDefinition d, String v) {
    String lower = v.toLowerCase(Locale.ROOT);
    if (!lower.equals("true") && !lower.equals("false")) {
      throw invalid(d, v, "expected true or false");
    }
    return lower;
  }

  private static String integer(SettingDefinition d, String v) {
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw invalid(d, v, "expected a whole number");
    }
    if (n < d.min() || n > d.max()) {
      throw invalid(d, v, "expected a number from " + d.min() + " to " + d.max());
    }
    return Long.toString(n);
  }

  private static String enumValue(SettingDefinition d, String v) {
    return d.validValues().stream()
        .map(SettingValidValue::value)
        .filter(allowed -> allowed.equalsIgnoreCase(v))
        .findFirst()
        .orElseThrow(() -> invalid(d, v, "expected one of " + allowedList(d)));
  }

  private static String url(SettingDefinition d, String v) {
    if (v.isEmpty()) {
      return v;
    }
    for (SettingValidValue keyword : d.validValues()) {
      if (keyword.value().equalsIgnoreCase(v)) {
        return keyword.value();
      }
    }
    try {
      URI uri = new URI(v);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return v;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    String keywords = d.validValues().isEmpty() ? "" : ", or one of " + allowedList(d);
    throw invalid(d, v, "expected an absolute http or https URL" + keywords);
  }

  private static String allowedList(SettingDefinition d) {
    return d.validValues().stream().map(SettingValidValue::value).collect(Collectors.joining(", "));
  }

  private static DomainException invalid(SettingDefinition d, String value, String why) {
    String shown = value == null || d.secret() ? "" : " '" + value + "'";
    return DomainException.invalid(
        INVALID, "Invalid value" + shown + " for setting " + d.id() + ": " + why);
  }
}
