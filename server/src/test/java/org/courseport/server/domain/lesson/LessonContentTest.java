package org.courseport.server.domain.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.UUID;
import org.courseport.server.domain.lesson.LessonContent.Checked;
import org.courseport.server.domain.lesson.LessonContent.ContentProblem;
import org.junit.jupiter.api.Test;

class LessonContentTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String MEDIA = "0b7e3c1a-5d2f-4c8e-9a61-3f2d4e5b6c7d";

  final LessonContent content =
      new LessonContent(ContentSchema.bundled(), new EmbedProviders(EmbedProviders.DEFAULTS));

  /** The issue's example document, with a real media id. */
  static String issueExample(String mediaId) {
    return "{\"blocks\": [{\"type\": \"heading\", \"text\": \"Cells\"}, {\"type\": \"text\","
        + " \"html\": \"<p>Cells are the unit of life.</p>\"}, {\"type\": \"image\", \"media\":"
        + " \"media:"
        + mediaId
        + "\", \"alt\": \"A cell\"}, {\"type\": \"quiz\", \"questions\": [{\"type\":"
        + " \"multiple_choice\", \"prompt\": \"What is the unit of life?\", \"points\": 1,"
        + " \"choices\": [{\"text\": \"Cell\", \"correct\": true}, {\"text\": \"Atom\"}]}]}]}";
  }

  static String blocks(String... blocks) {
    return "{\"blocks\":[" + String.join(",", blocks) + "]}";
  }

  String problem(String json) {
    try {
      content.check(json);
    } catch (ContentProblem e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void issueExample_isAcceptedAndKeptAsWritten() throws Exception {
    Checked checked = content.check(issueExample(MEDIA));

    assertThat(JSON.readTree(checked.json())).isEqualTo(JSON.readTree(issueExample(MEDIA)));
    assertThat(checked.media()).containsExactly(UUID.fromString(MEDIA));
    assertThat(checked.widgets()).isEmpty();
  }

  @Test
  void everyBlockAndQuestionType_isAccepted() throws Exception {
    String widget = UUID.randomUUID().toString();
    String json =
        blocks(
            "{\"type\":\"heading\",\"text\":\"H\",\"level\":2}",
            "{\"type\":\"audio\",\"media\":\"media:" + MEDIA + "\",\"transcript\":\"t\"}",
            "{\"type\":\"video\",\"media\":\"media:"
                + MEDIA
                + "\",\"poster\":\"media:"
                + MEDIA
                + "\"}",
            "{\"type\":\"embed\",\"url\":\"https://www.youtube-nocookie.com/embed/x\"}",
            "{\"type\":\"callout\",\"variant\":\"tip\",\"text\":\"Note\"}",
            "{\"type\":\"widget\",\"widget\":\"" + widget + "\",\"config\":{\"a\":1}}",
            "{\"type\":\"quiz\",\"questions\":["
                + "{\"type\":\"multiple_answers\",\"prompt\":\"p\",\"points\":2,\"feedback\":\"f\","
                + "\"choices\":[{\"text\":\"a\",\"correct\":true},{\"text\":\"b\",\"correct\":true}]},"
                + "{\"type\":\"true_false\",\"prompt\":\"p\",\"points\":1,\"answer\":false},"
                + "{\"type\":\"short_answer\",\"prompt\":\"p\",\"points\":1,\"answers\":[\"x\"]},"
                + "{\"type\":\"numeric\",\"prompt\":\"p\",\"points\":1,\"answer\":3.14,"
                + "\"tolerance\":0.01,\"feedback\":\"pi\"}]}");

    Checked checked = content.check(json);

    assertThat(checked.widgets()).containsExactly(UUID.fromString(widget));
    assertThat(checked.media()).containsExactly(UUID.fromString(MEDIA));
  }

  @Test
  void missingField_isNamedByItsJsonPointer() {
    String message = problem(blocks("{\"type\":\"image\",\"media\":\"media:" + MEDIA + "\"}"));

    assertThat(message).startsWith("/blocks/0").contains("alt");
  }

  @Test
  void unknownBlockType_isRefusedNamingTheType() {
    assertThat(problem(blocks("{\"type\":\"marquee\",\"text\":\"x\"}")))
        .startsWith("/blocks/0/type")
        .contains("heading");
  }

  @Test
  void badMediaReference_isRefused() {
    assertThat(problem(blocks("{\"type\":\"image\",\"media\":\"http://x/y.png\",\"alt\":\"a\"}")))
        .startsWith("/blocks/0/media");
  }

  @Test
  void quizQuestion_withoutPoints_isRefused() {
    assertThat(
            problem(
                blocks(
                    "{\"type\":\"quiz\",\"questions\":[{\"type\":\"true_false\","
                        + "\"prompt\":\"p\",\"answer\":true}]}")))
        .startsWith("/blocks/0/questions/0")
        .contains("points");
  }

  @Test
  void multipleChoice_withTwoCorrectChoices_isRefused() {
    assertThat(
            problem(
                blocks(
                    "{\"type\":\"quiz\",\"questions\":[{\"type\":\"multiple_choice\","
                        + "\"prompt\":\"p\",\"points\":1,\"choices\":[{\"text\":\"a\","
                        + "\"correct\":true},{\"text\":\"b\",\"correct\":true}]}]}")))
        .isEqualTo(
            "/blocks/0/questions/0/choices: a multiple_choice question needs exactly one correct"
                + " choice (found 2; use multiple_answers for more)");
  }

  @Test
  void multipleChoice_withoutCorrectChoice_isRefusedByTheSchema() {
    assertThat(
            problem(
                blocks(
                    "{\"type\":\"quiz\",\"questions\":[{\"type\":\"multiple_choice\","
                        + "\"prompt\":\"p\",\"points\":1,\"choices\":[{\"text\":\"a\"},"
                        + "{\"text\":\"b\"}]}]}")))
        .startsWith("/blocks/0/questions/0/choices");
  }

  @Test
  void embed_fromAnotherHost_isRefused() {
    assertThat(problem(blocks("{\"type\":\"embed\",\"url\":\"https://evil.example/x\"}")))
        .isEqualTo(
            "/blocks/0/url: 'https://evil.example/x' is not on an allowed embed provider"
                + " (allowed: youtube.com, youtube-nocookie.com, player.vimeo.com)");
    assertThat(
            problem(blocks("{\"type\":\"embed\",\"url\":\"https://youtube.com@evil.example/x\"}")))
        .contains("not on an allowed embed provider");
    assertThat(problem(blocks("{\"type\":\"embed\",\"url\":\"http://youtube.com/x\"}")))
        .startsWith("/blocks/0/url");
  }

  @Test
  void notJson_emptyAndDuplicateKeys_areRefused() {
    assertThat(problem("{\"blocks\": [")).startsWith("the content is not valid JSON");
    assertThat(problem("")).isEqualTo("the content is empty");
    assertThat(problem("{\"blocks\":[],\"blocks\":[]}")).contains("Duplicate field");
    assertThat(problem("[]")).startsWith("/:");
    assertThat(problem("{\"blocks\":[],\"extra\":1}")).startsWith("/");
  }

  @Test
  void richText_isSanitised() throws Exception {
    String json =
        blocks(
            "{\"type\":\"text\",\"html\":\"<p onclick=\\\"steal()\\\">Hi<script>alert(1)</script>"
                + " <a href=\\\"javascript:alert(2)\\\">x</a> <a href=\\\"https://ok.example/\\\">"
                + "ok</a><img src=x onerror=alert(3)></p>\"}");

    String html = JSON.readTree(content.check(json).json()).at("/blocks/0/html").asText();

    assertThat(html)
        .doesNotContain("<script", "alert", "onclick", "javascript:", "onerror", "<img")
        .contains("<p>Hi")
        .contains("href=\"https://ok.example/\"")
        .contains("rel=\"nofollow noopener noreferrer\"");
  }

  @Test
  void mediaReferences_areLowerCased() throws Exception {
    String upper = MEDIA.toUpperCase();
    Checked checked =
        content.check(
            blocks("{\"type\":\"image\",\"media\":\"media:" + upper + "\",\"alt\":\"a\"}"));

    JsonNode tree = JSON.readTree(checked.json());
    assertThat(tree.at("/blocks/0/media").asText()).isEqualTo("media:" + MEDIA);
  }

  @Test
  void manyProblems_areCappedAtTen() {
    String bad = "{\"type\":\"heading\"}";
    String message =
        problem(
            blocks(
                List.of(bad, bad, bad, bad, bad, bad, bad, bad, bad, bad, bad, bad)
                    .toArray(String[]::new)));
    assertThat(message).endsWith("; and 2 more");
  }

  @Test
  void schema_isTheDocsFile() throws Exception {
    JsonNode docs =
        JSON.readTree(
            java.nio.file.Files.readString(
                java.nio.file.Path.of("..", "docs", "lesson-content.schema.json")));
    assertThat(ContentSchema.bundled().document()).isEqualTo(docs);
  }
}
