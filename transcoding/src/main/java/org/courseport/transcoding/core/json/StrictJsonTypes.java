package org.courseport.transcoding.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The check protobuf's lenient JSON parser does not make: a string field takes only a JSON string.
 * Without it {@code {"title": 5}} became the title "5" and {@code true} became "true". Fields are
 * named by their path in the JSON the caller sent: inside the HTTP body when the method's {@code
 * google.api.http} rule names a message field as its body ({@code title}, {@code settings[].value},
 * {@code url}), not by the transcoder's wrapping of it ({@code title.title}, {@code
 * import_request.url}).
 */
final class StrictJsonTypes {

  /**
   * The body fields of each request type, found once: finding them walks every method of the type's
   * file and reads its {@code google.api.http} option, which is the same on every request.
   * Descriptors are fixed at start-up, so this holds one entry per request type of the front.
   */
  private static final Map<Descriptor, Set<FieldDescriptor>> BODY_FIELDS =
      new ConcurrentHashMap<>();

  /**
   * The fields of each message type by the JSON keys that name them, built once: a key in
   * lowerCamel (the usual case) missed the by-name lookup and scanned every field per request.
   */
  private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS_BY_KEY =
      new ConcurrentHashMap<>();

  private StrictJsonTypes() {}

  /** Throws naming the first string field that holds a non-string JSON value. */
  static void check(JsonNode node, Descriptor type) throws InvalidProtocolBufferException {
    check(node, type, "", bodyFieldsOf(type));
  }

  /** The cached {@link #bodyFields} of a request type. */
  static Set<FieldDescriptor> bodyFieldsOf(Descriptor request) {
    return BODY_FIELDS.computeIfAbsent(request, StrictJsonTypes::bodyFields);
  }

  private static void check(JsonNode node, Descriptor type, String prefix)
      throws InvalidProtocolBufferException {
    check(node, type, prefix, Set.of());
  }

  /**
   * The message fields that carry the HTTP body of a method taking {@code request}, from the {@code
   * body} of its {@code google.api.http} rules ({@code *} and scalar bodies excluded).
   */
  private static Set<FieldDescriptor> bodyFields(Descriptor request) {
    Set<FieldDescriptor> bodies = new HashSet<>();
    for (ServiceDescriptor service : request.getFile().getServices()) {
      for (MethodDescriptor method : service.getMethods()) {
        if (!method.getInputType().equals(request)
            || !method.getOptions().hasExtension(AnnotationsProto.http)) {
          continue;
        }
        HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
        List<HttpRule> rules = new ArrayList<>(rule.getAdditionalBindingsList());
        rules.add(rule);
        for (HttpRule binding : rules) {
          FieldDescriptor body = request.findFieldByName(binding.getBody());
          if (body != null && body.getJavaType() == JavaType.MESSAGE && !body.isRepeated()) {
            bodies.add(body);
          }
        }
      }
    }
    return Set.copyOf(bodies);
  }

  private static void check(
      JsonNode node, Descriptor type, String prefix, Set<FieldDescriptor> bodies)
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
      if (bodies.contains(field)) {
        // The caller's JSON is this field's value: name what is inside it from its root.
        check(entry.getValue(), field.getMessageType(), "");
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
    if (field.getJavaType() == JavaType.STRING) {
      // JSON can escape a lone surrogate ("\ud800"); protobuf's UTF-8 encoding would turn it
      // into U+FFFD or '?' silently, and the stored value would not be the one sent.
      String text = value.asText();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)
            && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          throw new InvalidProtocolBufferException(
              "Invalid value for field '"
                  + name
                  + "': an unpaired surrogate (\\u"
                  + String.format("%04x", (int) c)
                  + ") is not a Unicode character.");
        }
      }
    }
    if (field.getJavaType() == JavaType.MESSAGE) {
      check(value, field.getMessageType(), name + '.');
    }
  }

  /** The field a JSON key names: its proto name first, else its json name (first such field). */
  private static FieldDescriptor field(Descriptor type, String name) {
    return FIELDS_BY_KEY.computeIfAbsent(type, StrictJsonTypes::fieldsByKey).get(name);
  }

  private static Map<String, FieldDescriptor> fieldsByKey(Descriptor type) {
    Map<String, FieldDescriptor> byKey = new HashMap<>();
    for (FieldDescriptor field : type.getFields()) {
      byKey.putIfAbsent(field.getJsonName(), field);
    }
    for (FieldDescriptor field : type.getFields()) {
      byKey.put(field.getName(), field); // A proto name wins, as findFieldByName did.
    }
    return Map.copyOf(byKey);
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
