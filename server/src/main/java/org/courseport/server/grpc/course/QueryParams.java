package org.courseport.server.grpc.course;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.courseport.server.domain.DomainException;

/** Lenient parsing of SCORM Cloud query values, with errors that name the parameter. */
final class QueryParams {
  private static final DateTimeFormatter OFFSET =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .parseDefaulting(ChronoField.OFFSET_SECONDS, 0)
          .toFormatter(Locale.ROOT);

  private QueryParams() {}

  /**
   * An ISO-8601 date-time, inclusive; UTC when it has no offset; seconds optional (the Java client
   * drops zero seconds); a date alone means its start. A {@code +} decoded to a space is restored.
   * Null or empty gives null.
   */
  static Instant instant(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String s = raw.trim().replaceFirst(" (\\d\\d(:?\\d\\d)?)$", "+$1").replace(' ', 'T');
    try {
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      return OffsetDateTime.parse(s, OFFSET).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        throw DomainException.invalid(
            "PARAMETER_INVALID",
            "Parameter '" + name + "' must be an ISO-8601 date-time, got '" + raw + "'");
      }
    }
  }

  /** One of the allowed lower-case values (case-insensitive), or the default when empty. */
  static String choice(String name, String raw, String fallback, String... allowed) {
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    String v = raw.trim().toLowerCase(Locale.ROOT);
    if (!Arrays.asList(allowed).contains(v)) {
      throw DomainException.invalid(
          "PARAMETER_INVALID",
          "Parameter '"
              + name
              + "' must be one of "
              + String.join(", ", allowed)
              + "; got '"
              + raw
              + "'");
    }
    return v;
  }

  /** A comma-separated list without empty items. */
  static List<String> csv(String raw) {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    return Arrays.stream(raw.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
  }
}
