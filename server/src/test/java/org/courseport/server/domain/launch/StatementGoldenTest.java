package org.courseport.server.domain.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.courseport.server.domain.xapi.StoredStatement;
import org.junit.jupiter.api.Test;

/**
 * The statements SCORM commits become, against golden JSON files: a SCORM 2004 quiz SCO answering
 * two questions, completing and passing, then terminating; a SCORM 1.2 SCO failing.
 */
class StatementGoldenTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant AT = Instant.parse("2026-12-06T02:00:00.123456Z");
  static final String REGISTRATION = "0b6e7a4c-6d57-4c4e-9a43-3f3f1d1b2a10";

  static LaunchSession session(String standard, Map<String, ScoState> scos) {
    return new LaunchSession(
        "t-1",
        "golf course",
        3,
        REGISTRATION,
        REGISTRATION,
        "learner@example.com",
        standard,
        "not attempted",
        "unknown",
        null,
        null,
        "",
        null,
        Duration.ZERO,
        scos,
        1,
        4,
        AT,
        AT);
  }

  static DefaultLaunchSessions.Applied apply(LaunchSession s, RuntimeCommit c) {
    CmiData data = CmiReader.read(s.standard(), c.cmiJson());
    ScoCatalog.Item item = LaunchFixture.LAYOUT.item(c.itemId()).orElseThrow();
    return DefaultLaunchSessions.apply(s, LaunchFixture.LAYOUT, item, c, data, AT).orElseThrow();
  }

  static final String QUIZ_2004_ANSWERING =
      "{\"completion_status\":\"incomplete\",\"success_status\":\"unknown\",\"entry\":\"ab-initio\","
          + "\"session_time\":\"PT40S\",\"score\":{\"scaled\":\"\",\"raw\":\"\"},"
          + "\"interactions\":{\"0\":{\"id\":\"q-1\",\"type\":\"choice\","
          + "\"description\":\"Which club for a bunker?\",\"learner_response\":\"wedge\","
          + "\"result\":\"correct\",\"latency\":\"PT5.5S\","
          + "\"correct_responses\":{\"0\":{\"pattern\":\"wedge\"}}}}}";

  static final String QUIZ_2004_DONE =
      "{\"completion_status\":\"completed\",\"success_status\":\"passed\",\"entry\":\"ab-initio\","
          + "\"exit\":\"normal\",\"session_time\":\"PT1M30S\","
          + "\"score\":{\"scaled\":\"0.8\",\"raw\":\"8\",\"min\":\"0\",\"max\":\"10\"},"
          + "\"interactions\":{\"0\":{\"id\":\"q-1\",\"type\":\"choice\","
          + "\"description\":\"Which club for a bunker?\",\"learner_response\":\"wedge\","
          + "\"result\":\"correct\",\"latency\":\"PT5.5S\","
          + "\"correct_responses\":{\"0\":{\"pattern\":\"wedge\"}}},"
          + "\"1\":{\"id\":\"q 2/par\",\"type\":\"true-false\",\"learner_response\":\"true\","
          + "\"result\":\"incorrect\",\"correct_responses\":{\"0\":{\"pattern\":\"false\"}}}}}";

  @Test
  void scorm2004_quizSco() throws Exception {
    LaunchSession empty = session("scorm2004", Map.of());
    DefaultLaunchSessions.Applied first =
        apply(empty, new RuntimeCommit("quiz", "att-1", 1, false, QUIZ_2004_ANSWERING));
    DefaultLaunchSessions.Applied second =
        apply(first.session(), new RuntimeCommit("quiz", "att-1", 2, true, QUIZ_2004_DONE));
    // initialized + answered q-1; then answered q 2 (q-1 unchanged), completed, passed, terminated
    assertGolden(
        "launch/statements-scorm2004-quiz.json", concat(first.statements(), second.statements()));
  }

  @Test
  void scorm12_failingSco() throws Exception {
    String failed =
        "{\"core\":{\"lesson_status\":\"failed\",\"entry\":\"\",\"session_time\":\"00:02:05.5\","
            + "\"score\":{\"raw\":\"40\",\"min\":\"\",\"max\":\"\"}},\"interactions\":{}}";
    DefaultLaunchSessions.Applied a =
        apply(session("scorm12", Map.of()), new RuntimeCommit("intro", "att-7", 3, true, failed));
    assertGolden("launch/statements-scorm12-failed.json", a.statements());
  }

  static List<StoredStatement> concat(List<StoredStatement> a, List<StoredStatement> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  static void assertGolden(String resource, List<StoredStatement> statements) throws Exception {
    ArrayNode actual = JSON.createArrayNode();
    for (StoredStatement s : statements) {
      JsonNode json = JSON.readTree(s.json());
      assertThat(s.id()).isEqualTo(json.path("id").asText());
      assertThat(s.stored()).isEqualTo(Instant.parse("2026-12-06T02:00:00.123Z"));
      assertThat(s.registration()).isEqualTo(REGISTRATION);
      actual.add(json);
    }
    String regenerate = System.getProperty("courseport.golden.write");
    if (regenerate != null) {
      Files.writeString(
          Path.of(regenerate, resource),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
    }
    try (InputStream in = StatementGoldenTest.class.getResourceAsStream("/" + resource)) {
      assertThat(in).as(resource).isNotNull();
      JsonNode expected = JSON.readTree(in);
      assertThat(actual).isEqualTo(expected);
    }
  }
}
