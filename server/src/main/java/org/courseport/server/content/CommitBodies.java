package org.courseport.server.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.courseport.server.domain.launch.RuntimeCommit;

/**
 * Reads the body of {@code POST /s/{token}/commit} (sent as JSON by fetch or as text/plain by
 * {@code navigator.sendBeacon}) into a {@link RuntimeCommit}:
 *
 * <pre>{@code
 * {"itemId": "item_1", "attemptKey": "…", "seq": 7, "final": false, "cmi": {…}}
 * }</pre>
 */
final class CommitBodies {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The longest attempt key accepted (the player sends a UUID). */
  static final int MAX_KEY_CHARS = 128;

  /** The longest item identifier accepted (SCORM identifiers are far shorter). */
  static final int MAX_ITEM_ID_CHARS = 4000;

  private CommitBodies() {}

  /** A body that is not a commit: 400 INVALID_COMMIT with the message. */
  static final class InvalidCommit extends Exception {
    InvalidCommit(String message) {
      super(message);
    }
  }

  static RuntimeCommit parse(String body) throws InvalidCommit {
    if (body == null || body.isBlank()) {
      throw new InvalidCommit("The commit body is empty; send the commit as a JSON object");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidCommit("The commit body is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidCommit("The commit body must be a JSON object");
    }
    String itemId = text(root, "itemId", MAX_ITEM_ID_CHARS);
    String attemptKey = text(root, "attemptKey", MAX_KEY_CHARS);
    JsonNode seq = root.get("seq");
    if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.asLong() < 0) {
      throw new InvalidCommit("The commit's 'seq' must be a whole number from 0");
    }
    JsonNode fin = root.get("final");
    if (fin != null && !fin.isNull() && !fin.isBoolean()) {
      throw new InvalidCommit("The commit's 'final' must be true or false");
    }
    JsonNode cmi = root.get("cmi");
    if (cmi == null || !cmi.isObject()) {
      throw new InvalidCommit("The commit's 'cmi' must be a JSON object (the CMI data model)");
    }
    String cmiJson;
    try {
      cmiJson = JSON.writeValueAsString(cmi);
    } catch (JsonProcessingException e) {
      throw new InvalidCommit("The commit's 'cmi' cannot be read: " + e.getOriginalMessage());
    }
    return new RuntimeCommit(
        itemId, attemptKey, seq.asLong(), fin != null && fin.asBoolean(false), cmiJson);
  }

  private static String text(JsonNode root, String field, int maxChars) throws InvalidCommit {
    JsonNode node = root.get(field);
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw new InvalidCommit("The commit's '" + field + "' must be a non-empty string");
    }
    String value = node.asText();
    if (value.length() > maxChars) {
      throw new InvalidCommit(
          "The commit's '" + field + "' is longer than " + maxChars + " characters");
    }
    return value;
  }
}
