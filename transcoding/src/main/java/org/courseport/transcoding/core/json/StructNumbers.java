package org.courseport.transcoding.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints the integral numbers of {@code google.protobuf.Struct} and {@code Value} fields as JSON
 * integers: a Struct holds every number as a double, which proto3 JSON prints as {@code 1.0}, so a
 * JSON document sent as {@code {"points": 1}} would come back as {@code {"points": 1.0}}. Numbers
 * with a fraction, and integers beyond 2^53 (not exact in a double), are left as they are.
 */
public final class StructNumbers {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Descriptor, Boolean> HAS_STRUCT = new ConcurrentHashMap<>();
  private static final double SAFE_INTEGER = 9007199254740992d;
  private static final Set<String> DYNAMIC =
      Set.of("google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue");

  private StructNumbers() {}

  /** The JSON of a message of {@code type} with integral Struct numbers as integers. */
  public static String rewrite(String json, Descriptor type, JsonNaming naming) {
    if (!HAS_STRUCT.computeIfAbsent(type, t -> hasStruct(t, new HashSet<>()))) {
      return json;
    }
    try {
      JsonNode root = JSON.readTree(json);
      if (root instanceof ObjectNode object) {
        rewrite(object, type, naming);
      }
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      return json;
    }
  }

  private static void rewrite(ObjectNode node, Descriptor type, JsonNaming naming) {
    for (FieldDescriptor field : type.getFields()) {
      String name = naming == JsonNaming.SNAKE_CASE ? field.getName() : field.getJsonName();
      JsonNode value = node.get(name);
      if (value == null || field.getJavaType() != JavaType.MESSAGE || field.isMapField()) {
        continue;
      }
      if (DYNAMIC.contains(field.getMessageType().getFullName())) {
        node.set(name, integral(value));
      } else if (!isWellKnown(field)) {
        for (JsonNode element : value.isArray() ? value : JSON.createArrayNode().add(value)) {
          if (element instanceof ObjectNode child) {
            rewrite(child, field.getMessageType(), naming);
          }
        }
      }
    }
  }

  /** The value with every integral floating-point number replaced by an integer. */
  static JsonNode integral(JsonNode value) {
    if (value.isFloatingPointNumber()) {
      double d = value.doubleValue();
      return d == Math.rint(d) && Math.abs(d) <= SAFE_INTEGER
          ? JSON.getNodeFactory().numberNode((long) d)
          : value;
    }
    if (value instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        field.setValue(integral(field.getValue()));
      }
    } else if (value instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, integral(array.get(i)));
      }
    }
    return value;
  }

  private static boolean hasStruct(Descriptor type, Set<Descriptor> seen) {
    if (!seen.add(type)) {
      return false;
    }
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJavaType() != JavaType.MESSAGE || field.isMapField()) {
        continue;
      }
      if (DYNAMIC.contains(field.getMessageType().getFullName())) {
        return true;
      }
      if (!isWellKnown(field) && hasStruct(field.getMessageType(), seen)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWellKnown(FieldDescriptor field) {
    return field.getMessageType().getFile().getPackage().equals("google.protobuf");
  }
}
