package org.courseport.transcoding.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rewrites the 64-bit integers that proto3 JSON prints as strings ({@code "size":"1024"}) into JSON
 * numbers, because the REST dialects document them as integers. Well-known types (wrappers,
 * Timestamp, Any, Struct) and map values are left as proto3 JSON prints them.
 */
public final class Int64Numbers {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Descriptor, Boolean> HAS_INT64 = new ConcurrentHashMap<>();

  private Int64Numbers() {}

  /** The JSON of a message of {@code type} (lowerCamel names) with 64-bit integers as numbers. */
  public static String rewrite(String json, Descriptor type) {
    return rewrite(json, type, JsonNaming.LOWER_CAMEL);
  }

  /** The JSON of a message of {@code type} with its 64-bit integer fields as numbers. */
  public static String rewrite(String json, Descriptor type, JsonNaming naming) {
    if (!HAS_INT64.computeIfAbsent(type, t -> hasInt64(t, new HashSet<>()))) {
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
      if (value == null || field.isMapField()) {
        continue;
      }
      if (isInt64(field)) {
        if (value instanceof ArrayNode array) {
          for (int i = 0; i < array.size(); i++) {
            array.set(i, number(array.get(i)));
          }
        } else {
          node.set(name, number(value));
        }
      } else if (isPlainMessage(field)) {
        for (JsonNode element : value.isArray() ? value : JSON.createArrayNode().add(value)) {
          if (element instanceof ObjectNode child) {
            rewrite(child, field.getMessageType(), naming);
          }
        }
      }
    }
  }

  private static JsonNode number(JsonNode value) {
    if (!value.isTextual()) {
      return value;
    }
    BigInteger number = new BigInteger(value.textValue());
    return number.bitLength() < 64
        ? JSON.getNodeFactory().numberNode(number.longValue())
        : JSON.getNodeFactory().numberNode(number);
  }

  private static boolean hasInt64(Descriptor type, Set<Descriptor> seen) {
    if (!seen.add(type)) {
      return false;
    }
    for (FieldDescriptor field : type.getFields()) {
      if (!field.isMapField() && isInt64(field)) {
        return true;
      }
      if (!field.isMapField() && isPlainMessage(field) && hasInt64(field.getMessageType(), seen)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isInt64(FieldDescriptor field) {
    return field.getJavaType() == JavaType.LONG;
  }

  private static boolean isPlainMessage(FieldDescriptor field) {
    return field.getJavaType() == JavaType.MESSAGE
        && !field.getMessageType().getFile().getPackage().equals("google.protobuf");
  }
}
