package org.courseport.transcoding.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The check protobuf's lenient JSON parser does not make: a string field takes only a JSON string.
 * Without it {@code {"title": 5}} became the title "5" and {@code true} became "true". Fields are
 * named by their path in the request message ({@code title.title}).
 */
final class StrictJsonTypes {

  private StrictJsonTypes() {}

  /** Throws naming the first string field that holds a non-string JSON value. */
  static void check(JsonNode node, Descriptor type) throws InvalidProtocolBufferException {
    check(node, type, "");
  }

  private static void check(JsonNode node, Descriptor type, String prefix)
      throws InvalidProtocolBufferException {
    if (!node.isObject() || isWellKnown(type)) {
      return; // Not an object: the parser itself refuses it with its own message.
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      FieldDescriptor field = field(type, entry.getKey());
      if (field == null || field.isMapField() || entry.getValue().isNull()) {
        continue;
      }
      String name = prefix + entry.getKey();
      if (field.isRepeated()) {
        // A non-array is left to the parser ("Expected an array for tags but found ...").
        for (JsonNode element :
            entry.getValue().isArray() ? entry.getValue() : List.<JsonNode>of()) {
          checkValue(element, field, name + "[]");
        }
      } else {
        checkValue(entry.getValue(), field, name);
      }
    }
  }

  private static void checkValue(JsonNode value, FieldDescriptor field, String name)
      throws InvalidProtocolBufferException {
    if (field.getJavaType() == JavaType.STRING && !value.isTextual()) {
      throw new InvalidProtocolBufferException(
          "Invalid value for field '" + name + "': expected a string, got " + kind(value) + ".");
    }
    if (field.getJavaType() == JavaType.MESSAGE) {
      check(value, field.getMessageType(), name + '.');
    }
  }

  private static FieldDescriptor field(Descriptor type, String name) {
    FieldDescriptor field = type.findFieldByName(name);
    if (field != null) {
      return field;
    }
    for (FieldDescriptor candidate : type.getFields()) {
      if (candidate.getJsonName().equals(name)) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean isWellKnown(Descriptor type) {
    return type.getFile().getPackage().equals("google.protobuf");
  }

  private static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
