package org.courseport.server.domain.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.courseport.server.domain.xapi.Interaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The data-model limits and the mapping of both standards to one set of statuses. */
class CmiReaderTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static String cmi12(String lessonStatus, String suspendData, String location) {
    return JSON.createObjectNode()
        .<com.fasterxml.jackson.databind.node.ObjectNode>set(
            "core",
            JSON.createObjectNode()
                .put("lesson_status", lessonStatus)
                .put("lesson_location", location)
                .put("exit", "")
                .put("entry", "ab-initio")
                .put("session_time", "00:01:30.50")
                .set(
                    "score",
                    JSON.createObjectNode().put("raw", "80").put("min", "0").put("max", "100")))
        .put("suspend_data", suspendData)
        .toString();
  }

  static String cmi2004(String completion, String success, String suspendData, String location) {
    return JSON.createObjectNode()
        .put("completion_status", completion)
        .put("success_status", success)
        .put("location", location)
        .put("suspend_data", suspendData)
        .put("exit", "suspend")
        .put("session_time", "PT1H2M3.45S")
        .<com.fasterxml.jackson.databind.node.ObjectNode>set(
            "score",
            JSON.createObjectNode().put("scaled", "0.75").put("raw", "15").put("max", "20"))
        .toString();
  }

  @Test
  void scorm12_suspendDataUpTo4096CharactersIsAcceptedAndOneMoreRefused() {
    CmiData ok = CmiReader.read("scorm12", cmi12("incomplete", "x".repeat(4096), "p3"));
    assertThat(ok.suspendData()).hasSize(4096);
    assertThatThrownBy(() -> CmiReader.read("scorm12", cmi12("incomplete", "x".repeat(4097), "")))
        .isInstanceOfSatisfying(
            CommitRefusedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("SUSPEND_DATA_TOO_LONG");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "cmi.suspend_data holds 4097 characters; the data model allows at most"
                          + " 4096.");
            });
  }

  @Test
  void scorm2004_suspendDataUpTo64000CharactersIsAcceptedAndOneMoreRefused() {
    assertThat(
            CmiReader.read("scorm2004", cmi2004("incomplete", "unknown", "y".repeat(64000), ""))
                .suspendData())
        .hasSize(64000);
    assertThatThrownBy(
            () ->
                CmiReader.read(
                    "scorm2004", cmi2004("incomplete", "unknown", "y".repeat(64001), "")))
        .isInstanceOfSatisfying(
            CommitRefusedException.class,
            e -> assertThat(e.code()).isEqualTo("SUSPEND_DATA_TOO_LONG"));
  }

  @Test
  void locationLimitsAre255And1000() {
    CmiReader.read("scorm12", cmi12("incomplete", "", "l".repeat(255)));
    assertThatThrownBy(() -> CmiReader.read("scorm12", cmi12("incomplete", "", "l".repeat(256))))
        .isInstanceOfSatisfying(
            CommitRefusedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("LOCATION_TOO_LONG");
              assertThat(e.getMessage()).startsWith("cmi.core.lesson_location holds 256");
            });
    CmiReader.read("scorm2004", cmi2004("incomplete", "unknown", "", "l".repeat(1000)));
    assertThatThrownBy(
            () ->
                CmiReader.read("scorm2004", cmi2004("incomplete", "unknown", "", "l".repeat(1001))))
        .isInstanceOfSatisfying(
            CommitRefusedException.class,
            e -> assertThat(e.getMessage()).startsWith("cmi.location holds 1001"));
  }

  @ParameterizedTest
  @CsvSource({
    "passed, completed, passed",
    "failed, completed, failed",
    "completed, completed, unknown",
    "browsed, completed, unknown",
    "incomplete, incomplete, unknown",
    "not attempted, not attempted, unknown",
    "'', not attempted, unknown"
  })
  void scorm12_lessonStatusMapsToCompletionAndSuccess(
      String lessonStatus, String completion, String success) {
    CmiData d = CmiReader.read("scorm12", cmi12(lessonStatus, "", ""));
    assertThat(d.completionStatus()).isEqualTo(completion);
    assertThat(d.successStatus()).isEqualTo(success);
  }

  @Test
  void scorm12_statusOutsideTheVocabularyIsRefused() {
    assertThatThrownBy(() -> CmiReader.read("scorm12", cmi12("done", "", "")))
        .isInstanceOfSatisfying(
            CommitRefusedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("INVALID_LESSON_STATUS");
              assertThat(e.getMessage()).contains("not 'done'");
            });
  }

  @Test
  void scorm2004_statusesOutsideTheirVocabulariesAreRefused() {
    assertThatThrownBy(() -> CmiReader.read("scorm2004", cmi2004("passed", "unknown", "", "")))
        .isInstanceOfSatisfying(
            CommitRefusedException.class,
            e -> assertThat(e.code()).isEqualTo("INVALID_COMPLETION_STATUS"));
    assertThatThrownBy(() -> CmiReader.read("scorm2004", cmi2004("completed", "completed", "", "")))
        .isInstanceOfSatisfying(
            CommitRefusedException.class,
            e -> assertThat(e.code()).isEqualTo("INVALID_SUCCESS_STATUS"));
  }

  @Test
  void scorm12_scoresMustBeDecimalsFrom0To100AndScaleOverTheirRange() throws Exception {
    CmiData d = CmiReader.read("scorm12", cmi12("passed", "", ""));
    assertThat(d.scoreRaw()).isEqualTo(80.0);
    assertThat(d.scoreScaled()).isEqualTo(0.8);
    JsonNode node = JSON.readTree(cmi12("passed", "", ""));
    ((com.fasterxml.jackson.databind.node.ObjectNode) node.path("core").path("score"))
        .put("raw", "5")
        .put("min", "0")
        .put("max", "20");
    assertThat(CmiReader.read("scorm12", node.toString()).scoreScaled()).isEqualTo(0.25);
    for (String bad : new String[] {"101", "-1", "abc", "12.345"}) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) node.path("core").path("score"))
          .put("raw", bad);
      assertThatThrownBy(() -> CmiReader.read("scorm12", node.toString()))
          .isInstanceOfSatisfying(
              CommitRefusedException.class,
              e -> {
                assertThat(e.code()).isEqualTo("INVALID_SCORE");
                assertThat(e.getMessage()).startsWith("cmi.core.score.raw must be a number");
              });
    }
  }

  @Test
  void scorm2004_scaledScoreMustBeWithinMinusOneAndOne() {
    CmiData d = CmiReader.read("scorm2004", cmi2004("completed", "passed", "", ""));
    assertThat(d.scoreScaled()).isEqualTo(0.75);
    assertThat(d.scoreRaw()).isEqualTo(15.0);
    assertThat(d.scoreMax()).isEqualTo(20.0);
    String tooHigh = cmi2004("completed", "passed", "", "").replace("\"0.75\"", "\"1.5\"");
    assertThatThrownBy(() -> CmiReader.read("scorm2004", tooHigh))
        .isInstanceOfSatisfying(
            CommitRefusedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("INVALID_SCORE");
              assertThat(e.getMessage()).contains("cmi.score.scaled");
            });
  }

  @Test
  void sessionTimesOfBothStandardsAreParsed() {
    assertThat(CmiReader.read("scorm12", cmi12("incomplete", "", "")).sessionTime())
        .isEqualTo(Duration.ofMillis(90_500));
    assertThat(CmiReader.read("scorm2004", cmi2004("incomplete", "unknown", "", "")).sessionTime())
        .isEqualTo(Duration.ofHours(1).plusMinutes(2).plusMillis(3450));
    assertThat(CmiReader.duration2004("P1DT1S", "x")).isEqualTo(Duration.ofDays(1).plusSeconds(1));
    assertThat(CmiReader.timespan12(Duration.ofMillis(3_723_450))).isEqualTo("0001:02:03.45");
    String bad = cmi12("incomplete", "", "").replace("00:01:30.50", "90 seconds");
    assertThatThrownBy(() -> CmiReader.read("scorm12", bad))
        .isInstanceOfSatisfying(
            CommitRefusedException.class,
            e -> assertThat(e.code()).isEqualTo("INVALID_SESSION_TIME"));
    for (String badIso : new String[] {"P", "PT", "PT1.234S", "1H"}) {
      assertThatThrownBy(() -> CmiReader.duration2004(badIso, "cmi.session_time"))
          .isInstanceOf(CommitRefusedException.class);
    }
  }

  @Test
  void notJsonAndNonObjectsAreRefused() {
    assertThatThrownBy(() -> CmiReader.read("scorm12", "{not json"))
        .isInstanceOfSatisfying(
            CommitRefusedException.class, e -> assertThat(e.code()).isEqualTo("INVALID_JSON"));
    assertThatThrownBy(() -> CmiReader.read("scorm12", "[1,2]"))
        .isInstanceOfSatisfying(
            CommitRefusedException.class, e -> assertThat(e.code()).isEqualTo("INVALID_JSON"));
    assertThatThrownBy(() -> CmiReader.read("scorm12", "{\"core\":{\"lesson_status\":{}}}"))
        .isInstanceOfSatisfying(
            CommitRefusedException.class, e -> assertThat(e.code()).isEqualTo("INVALID_CMI"));
  }

  @Test
  void aCmiWrapperIsUnwrapped() {
    CmiData d = CmiReader.read("scorm12", "{\"cmi\":" + cmi12("passed", "s", "loc") + "}");
    assertThat(d.location()).isEqualTo("loc");
    assertThat(d.cmi().has("core")).isTrue();
  }

  @Test
  void interactionsAreReadInIndexOrderFromTheRuntimesObjectForm() {
    String json =
        "{\"core\":{\"lesson_status\":\"incomplete\"},\"interactions\":{"
            + "\"1\":{\"id\":\"q2\",\"type\":\"true-false\",\"student_response\":\"t\","
            + "\"result\":\"wrong\",\"latency\":\"00:00:04\",\"correct_responses\":{\"0\":{\"pattern\":\"f\"}}},"
            + "\"0\":{\"id\":\"q1\",\"type\":\"choice\",\"student_response\":\"a\",\"result\":\"correct\","
            + "\"correct_responses\":{\"0\":{\"pattern\":\"a\"}}},"
            + "\"2\":{\"id\":\"\",\"result\":\"\"}}}";
    CmiData d = CmiReader.read("scorm12", json);
    assertThat(d.interactions())
        .containsExactly(
            new Interaction(0, "q1", "choice", "a", "correct", java.util.List.of("a"), null, null),
            new Interaction(
                1,
                "q2",
                "true-false",
                "t",
                "wrong",
                java.util.List.of("f"),
                null,
                Duration.ofSeconds(4)));
    assertThatThrownBy(
            () ->
                CmiReader.read(
                    "scorm12",
                    "{\"interactions\":{\"0\":{\"id\":\"q\",\"result\":\"incorrect\"}}}"))
        .isInstanceOfSatisfying(
            CommitRefusedException.class,
            e -> {
              assertThat(e.code()).isEqualTo("INVALID_INTERACTION");
              assertThat(e.getMessage()).startsWith("cmi.interactions.0.result must be");
            });
  }

  @Test
  void theStoredJsonCarriesTheAccumulatedTotalTimeAndAFreshSessionTime() throws Exception {
    CmiData d12 = CmiReader.read("scorm12", cmi12("incomplete", "", ""));
    JsonNode stored12 = JSON.readTree(CmiReader.storedJson(d12, Duration.ofMinutes(75)));
    assertThat(stored12.path("core").path("total_time").asText()).isEqualTo("0001:15:00.00");
    assertThat(stored12.path("core").path("session_time").asText()).isEqualTo("00:00:00");
    CmiData d04 = CmiReader.read("scorm2004", cmi2004("incomplete", "unknown", "", ""));
    JsonNode stored04 = JSON.readTree(CmiReader.storedJson(d04, Duration.ofSeconds(90)));
    assertThat(stored04.path("total_time").asText()).isEqualTo("PT1M30S");
    assertThat(stored04.path("session_time").asText()).isEqualTo("PT0H0M0S");
  }
}
