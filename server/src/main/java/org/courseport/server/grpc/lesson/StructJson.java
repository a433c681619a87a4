package org.courseport.server.grpc.lesson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.util.Map;

/**
 * Content documents between {@code google.protobuf.Struct} (how they travel) and JSON text (how the
 * domain stores them). Struct numbers are doubles; integral ones within 2^53 are written as JSON
 * integers, so {@code "points": 1} stays {@code 1}.
 */
final class StructJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final double SAFE_INTEGER = 9007199254740992d;

  private StructJson() {}

  /** The JSON text of a Struct. */
  static String toJson(Struct struct) {
    try {
      return JSON.writeValueAsString(object(struct));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a content document", e);
    }
  }

  /** The Struct of a stored JSON object. */
  static Struct toStruct(String json) {
    Struct.Builder builder = Struct.newBuilder();
    try {
      JsonFormat.parser().merge(json, builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("A stored content document is not a JSON object", e);
    }
    return builder.build();
  }

  private static ObjectNode object(Struct struct) {
    ObjectNode node = NODES.objectNode();
    for (Map.Entry<String, Value> field : struct.getFieldsMap().entrySet()) {
      node.set(field.getKey(), value(field.getValue()));
    }
    return node;
  }

  private static ArrayNode array(ListValue list) {
    ArrayNode node = NODES.arrayNode();
    list.getValuesList().forEach(v -> node.add(value(v)));
    return node;
  }

  private static JsonNode value(Value value) {
    return switch (value.getKindCase()) {
      case STRUCT_VALUE -> object(value.getStructValue());
      case LIST_VALUE -> array(value.getListValue());
      case STRING_VALUE -> NODES.textNode(value.getStringValue());
      case BOOL_VALUE -> NODES.booleanNode(value.getBoolValue());
      case NUMBER_VALUE -> number(value.getNumberValue());
      case NULL_VALUE, KIND_NOT_SET -> NODES.nullNode();
    };
  }

  private static JsonNode number(double d) {
    if (d == Math.rint(d) && Math.abs(d) <= SAFE_INTEGER) {
      return NODES.numberNode((long) d);
    }
    return NODES.numberNode(d);
  }
}
