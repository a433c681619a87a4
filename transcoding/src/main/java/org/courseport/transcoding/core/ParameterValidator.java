package org.courseport.transcoding.core;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.annotation.Nullable;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks path and query parameters of a transcoded request against the request message before the
 * call, so that {@code includeTotalCount=yes} or {@code versions/abc} answer 400 naming the
 * parameter instead of silently becoming {@code false} or failing without a name.
 */
final class ParameterValidator {

  private ParameterValidator() {}

  /** Throws {@link IllegalArgumentException} naming the first parameter that does not fit. */
  static void validate(Descriptor request, Map<String, String> pathParams, QueryParams query) {
    pathParams.forEach(
        (name, value) -> {
          FieldDescriptor field = request.findFieldByName(name);
          if (field != null) {
            check(field, value, true, name);
          }
        });
    for (String name : query.names()) {
      FieldDescriptor field = queryField(request, name);
      if (field != null) {
        for (String value : query.getAll(name)) {
          check(field, value, false, name);
        }
      }
    }
  }

  /** The top-level field a query parameter names: proto name, lowerCamel name or json name. */
  @Nullable
  static FieldDescriptor queryField(Descriptor request, String name) {
    for (FieldDescriptor field : request.getFields()) {
      if (field.getName().equals(name)
          || field.getJsonName().equals(name)
          || lowerCamel(field.getName()).equals(name)) {
        return field;
      }
    }
    return null;
  }

  /** The parameter's label is only built for the message of a refusal (not on every request). */
  private static void check(FieldDescriptor field, String value, boolean path, String name) {
    String expected = expected(field, value);
    if (expected != null) {
      throw new IllegalArgumentException(
          "Invalid value for "
              + (path ? "path parameter '" + lowerCamel(name) : "query parameter '" + name)
              + "': '"
              + value
              + "' (expected "
              + expected
              + ").");
    }
  }

  /** What the field expects, or null when the value fits. */
  @Nullable
  private static String expected(FieldDescriptor field, String value) {
    try {
      switch (field.getJavaType()) {
        case BOOLEAN -> {
          String v = value.toLowerCase(Locale.ROOT);
          return v.equals("true") || v.equals("false") ? null : "true or false";
        }
        case INT -> Integer.parseInt(value);
        case LONG -> Long.parseLong(value);
        case FLOAT, DOUBLE -> Double.parseDouble(value);
        case ENUM -> {
          return enumValue(field, value) ? null : "one of " + enumNames(field);
        }
        default -> {
          return null;
        }
      }
      return null;
    } catch (NumberFormatException e) {
      return field.getJavaType() == FieldDescriptor.JavaType.LONG
          ? "a 64-bit integer"
          : field.getJavaType() == FieldDescriptor.JavaType.INT ? "a 32-bit integer" : "a number";
    }
  }

  private static boolean enumValue(FieldDescriptor field, String value) {
    if (field.getEnumType().findValueByName(value) != null) {
      return true;
    }
    try {
      return field.getEnumType().findValueByNumber(Integer.parseInt(value)) != null;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String enumNames(FieldDescriptor field) {
    return field.getEnumType().getValues().stream()
        .map(EnumValueDescriptor::getName)
        .collect(Collectors.joining(", "));
  }

  /** {@code version_id} to {@code versionId}. */
  static String lowerCamel(String snake) {
    StringBuilder out = new StringBuilder(snake.length());
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }
}
