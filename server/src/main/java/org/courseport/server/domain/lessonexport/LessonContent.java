package org.courseport.server.domain.lessonexport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lesson's content document, walked as a JSON tree: the media it references ({@code media:{uuid}}
 * strings), the widgets its widget blocks name, and lesson.json with every media reference
 * rewritten to its local path. Only whole string values are references; text that merely contains
 * "media:" is left alone.
 */
final class LessonContent {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final Pattern REF =
      Pattern.compile(
          "media:([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");

  private final JsonNode root;
  private final Set<UUID> media = new LinkedHashSet<>();
  private final Set<String> widgets = new LinkedHashSet<>();

  private LessonContent(JsonNode root) {
    this.root = root;
    collect(root);
  }

  /** Parses the document; null when it is not a JSON object with a {@code blocks} array. */
  static LessonContent parse(String content) {
    try {
      JsonNode root = JSON.readTree(content);
      if (root == null || !root.isObject() || !root.path("blocks").isArray()) {
        return null;
      }
      return new LessonContent(root);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Media ids in order of first reference. */
  List<UUID> media() {
    return List.copyOf(media);
  }

  /** Widget ids (as written) in order of first reference. */
  List<String> widgets() {
    return List.copyOf(widgets);
  }

  /** lesson.json: the content with each {@code media:{uuid}} replaced by {@code localPath}. */
  byte[] rewrite(Function<UUID, String> localPath) {
    JsonNode copy = root.deepCopy();
    replace(copy, localPath);
    try {
      return JSON.writeValueAsString(copy).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write lesson.json", e);
    }
  }

  private void collect(JsonNode node) {
    if (node.isTextual()) {
      UUID id = reference(node.asText());
      if (id != null) {
        media.add(id);
      }
    } else if (node.isObject()) {
      if ("widget".equals(node.path("type").asText(null)) && node.path("widget").isTextual()) {
        widgets.add(node.get("widget").asText());
      }
      node.elements().forEachRemaining(this::collect);
    } else if (node.isArray()) {
      node.elements().forEachRemaining(this::collect);
    }
  }

  private static void replace(JsonNode node, Function<UUID, String> localPath) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode value = field.getValue();
        UUID id = value.isTextual() ? reference(value.asText()) : null;
        if (id != null) {
          field.setValue(TextNode.valueOf(localPath.apply(id)));
        } else {
          replace(value, localPath);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode value = node.get(i);
        UUID id = value.isTextual() ? reference(value.asText()) : null;
        if (id != null) {
          ((com.fasterxml.jackson.databind.node.ArrayNode) node)
              .set(i, TextNode.valueOf(localPath.apply(id)));
        } else {
          replace(value, localPath);
        }
      }
    }
  }

  private static UUID reference(String text) {
    Matcher m = REF.matcher(text.trim());
    return m.matches() ? UUID.fromString(m.group(1)) : null;
  }
}
