package org.courseport.server.domain.lesson;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Checks and normalises a content document: parses it, validates it against {@link ContentSchema},
 * applies the rules a schema cannot express (allow-listed embed providers, exactly one correct
 * choice in a multiple-choice question), sanitises rich text with {@link RichTextSanitizer},
 * lower-cases {@code media:} references and collects the referenced media and widget ids.
 */
public final class LessonContent {

  /** Largest content document accepted, in UTF-8 bytes. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;

  /** The content of a new lesson created without one. */
  public static final String EMPTY = "{\"blocks\":[]}";

  /** Fields whose value is a {@code media:{uuid}} reference. */
  static final Set<String> MEDIA_FIELDS = Set.of("media", "poster", "captions");

  private static final String MEDIA_PREFIX = "media:";
  private static final int MAX_REPORTED = 10;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final ContentSchema schema;
  private final EmbedProviders embeds;

  public LessonContent(ContentSchema schema, EmbedProviders embeds) {
    this.schema = schema;
    this.embeds = embeds;
  }

  /**
   * A checked document.
   *
   * @param json the normalised document (compact JSON, rich text sanitised)
   * @param media the referenced media ids
   * @param widgets the referenced widget ids
   */
  public record Checked(String json, Set<UUID> media, Set<UUID> widgets) {}

  /** A document that is not acceptable; the message lists the problems with JSON pointers. */
  public static final class ContentProblem extends Exception {
    private static final long serialVersionUID = 1L;

    ContentProblem(String message) {
      super(message);
    }
  }

  /** Checks and normalises a document. */
  public Checked check(String json) throws ContentProblem {
    if (json == null || json.isBlank()) {
      throw new ContentProblem("the content is empty");
    }
    if (json.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new ContentProblem("the content is larger than " + MAX_BYTES + " bytes");
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ContentProblem("the content is not valid JSON: " + e.getOriginalMessage());
    }
    List<String> problems = new ArrayList<>(schema.problems(tree));
    if (problems.isEmpty()) {
      problems.addAll(rules(tree));
    }
    if (!problems.isEmpty()) {
      throw new ContentProblem(summary(problems));
    }
    Set<UUID> media = new TreeSet<>();
    Set<UUID> widgets = new TreeSet<>();
    for (JsonNode block : tree.get("blocks")) {
      normalise((ObjectNode) block, media, widgets);
    }
    try {
      return new Checked(JSON.writeValueAsString(tree), media, widgets);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a content document", e);
    }
  }

  /** The rules beyond the schema, for a document the schema accepts. */
  private List<String> rules(JsonNode tree) {
    List<String> problems = new ArrayList<>();
    JsonNode blocks = tree.get("blocks");
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode block = blocks.get(i);
      String type = block.get("type").asText();
      if (type.equals("embed") && !embeds.allows(block.get("url").asText())) {
        problems.add(
            "/blocks/"
                + i
                + "/url: '"
                + block.get("url").asText()
                + "' is not on an allowed embed provider (allowed: "
                + String.join(", ", embeds.hosts())
                + ")");
      }
      if (type.equals("quiz")) {
        JsonNode questions = block.get("questions");
        for (int q = 0; q < questions.size(); q++) {
          JsonNode question = questions.get(q);
          if (question.get("type").asText().equals("multiple_choice")) {
            int correct = 0;
            for (JsonNode choice : question.get("choices")) {
              correct += choice.path("correct").asBoolean(false) ? 1 : 0;
            }
            if (correct != 1) {
              problems.add(
                  "/blocks/"
                      + i
                      + "/questions/"
                      + q
                      + "/choices: a multiple_choice question needs exactly one correct choice"
                      + " (found "
                      + correct
                      + "; use multiple_answers for more)");
            }
          }
        }
      }
    }
    return problems;
  }

  private static void normalise(ObjectNode block, Set<UUID> media, Set<UUID> widgets) {
    String type = block.get("type").asText();
    if (type.equals("text")) {
      block.put("html", RichTextSanitizer.sanitize(block.get("html").asText()));
    }
    if (type.equals("widget")) {
      widgets.add(UUID.fromString(block.get("widget").asText()));
      block.put("widget", block.get("widget").asText().toLowerCase(Locale.ROOT));
    }
    for (String field : MEDIA_FIELDS) {
      JsonNode value = block.get(field);
      if (value != null && value.isTextual() && value.asText().startsWith(MEDIA_PREFIX)) {
        UUID id = UUID.fromString(value.asText().substring(MEDIA_PREFIX.length()));
        media.add(id);
        block.put(field, MEDIA_PREFIX + id);
      }
    }
  }

  private static String summary(List<String> problems) {
    String shown = String.join("; ", problems.subList(0, Math.min(MAX_REPORTED, problems.size())));
    int more = problems.size() - MAX_REPORTED;
    return more > 0 ? shown + "; and " + more + " more" : shown;
  }
}
