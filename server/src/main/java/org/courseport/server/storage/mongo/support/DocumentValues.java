package org.courseport.server.storage.mongo.support;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/** Conversions between Java values and BSON document values shared by the mappers. */
public final class DocumentValues {
  private DocumentValues() {}

  /** A BSON date (millisecond precision), or null. */
  public static Date date(Instant instant) {
    return instant == null ? null : new Date(instant.toEpochMilli());
  }

  public static Instant instant(Document doc, String key) {
    Date date = doc.getDate(key);
    return date == null ? null : date.toInstant();
  }

  /** An int stored as any BSON number (drivers and servers may widen or narrow). */
  public static int intValue(Document doc, String key) {
    Object value = doc.get(key);
    if (value instanceof Number n) {
      return n.intValue();
    }
    throw new IllegalStateException("field " + key + " is not a number: " + value);
  }

  public static long longValue(Document doc, String key) {
    Object value = doc.get(key);
    if (value instanceof Number n) {
      return n.longValue();
    }
    throw new IllegalStateException("field " + key + " is not a number: " + value);
  }

  /** A list of strings; an absent field reads as the empty list. */
  public static List<String> strings(Document doc, String key) {
    List<String> values = doc.getList(key, String.class);
    return values == null ? List.of() : List.copyOf(values);
  }

  /** A list of sub-documents; an absent field reads as the empty list. */
  public static List<Document> documents(Document doc, String key) {
    List<Document> values = doc.getList(key, Document.class);
    return values == null ? List.of() : values;
  }

  public static <E extends Enum<E>> E enumValue(Class<E> type, Document doc, String key) {
    String name = doc.getString(key);
    return name == null ? null : Enum.valueOf(type, name);
  }

  public static String name(Enum<?> value) {
    return value == null ? null : value.name();
  }
}
