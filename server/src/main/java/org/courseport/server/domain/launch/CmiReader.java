package org.courseport.server.domain.launch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.courseport.server.domain.xapi.Interaction;
import org.courseport.server.domain.xapi.StatementFactory;

/**
 * Reads and validates the CMI JSON of a commit (scorm-again's JSON of {@code cmi}) against the data
 * model of its standard. The runtime already refuses invalid values with the standard's error
 * codes; the server refuses what the runtime never sends: a SCORM 1.2 {@code suspend_data} above
 * 4,096 characters (2004: 64,000), a {@code lesson_location} above 255 (2004 {@code location}:
 * 1,000), a status outside its vocabulary, a 1.2 score outside 0..100, a 2004 scaled score outside
 * -1..1, a malformed time span. Each refusal names the element in a {@link CommitRefusedException}.
 */
public final class CmiReader {
  public static final int SUSPEND_DATA_12 = 4096;
  public static final int SUSPEND_DATA_2004 = 64000;
  public static final int LOCATION_12 = 255;
  public static final int LOCATION_2004 = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> LESSON_STATUS =
      Set.of("passed", "completed", "failed", "incomplete", "browsed", "not attempted");
  private static final Set<String> EXIT_12 = Set.of("", "time-out", "suspend", "logout");
  private static final Set<String> EXIT_2004 =
      Set.of("", "time-out", "suspend", "logout", "normal");
  private static final Set<String> COMPLETION =
      Set.of("completed", "incomplete", "not attempted", "unknown");
  private static final Set<String> SUCCESS = Set.of("passed", "failed", "unknown");
  private static final Set<String> TYPES_12 =
      Set.of(
          "true-false",
          "choice",
          "fill-in",
          "matching",
          "performance",
          "sequencing",
          "likert",
          "numeric");
  private static final Set<String> TYPES_2004 =
      Set.of(
          "true-false",
          "choice",
          "fill-in",
          "long-fill-in",
          "matching",
          "performance",
          "sequencing",
          "likert",
          "numeric",
          "other");
  private static final Set<String> RESULTS_12 =
      Set.of("correct", "wrong", "unanticipated", "neutral");
  private static final Set<String> RESULTS_2004 =
      Set.of("correct", "incorrect", "unanticipated", "neutral");
  private static final Pattern TIMESPAN_12 =
      Pattern.compile("^(\\d{2,4}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,2}))?$");
  private static final Pattern DURATION_2004 =
      Pattern.compile(
          "^P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)D)?"
              + "(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d{1,2})?)S)?)?$");
  private static final Pattern DECIMAL_12 = Pattern.compile("^-?\\d{0,3}(?:\\.\\d{1,2})?$");
  private static final Pattern REAL = Pattern.compile("^-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)$");

  private CmiReader() {}

  /**
   * Parses and validates {@code json} for {@code standard} ({@code scorm12}, {@code scorm2004}).
   */
  public static CmiData read(String standard, String json) {
    JsonNode root;
    try {
      root = json == null ? null : JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw refuse("INVALID_JSON", "The commit's cmi data is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw refuse("INVALID_JSON", "The commit's cmi data must be a JSON object.");
    }
    if (root.get("cmi") instanceof ObjectNode wrapped) {
      root = wrapped;
    }
    ObjectNode cmi = ((ObjectNode) root).deepCopy();
    return switch (standard) {
      case "scorm12" -> read12(cmi);
      case "scorm2004" -> read2004(cmi);
      default -> throw new IllegalArgumentException("unknown standard " + standard);
    };
  }

  private static CmiData read12(ObjectNode cmi) {
    JsonNode core = cmi.path("core");
    String status = text(core, "lesson_status", "cmi.core.lesson_status");
    if (status.isEmpty()) {
      status = "not attempted";
    }
    if (!LESSON_STATUS.contains(status)) {
      throw refuse(
          "INVALID_LESSON_STATUS",
          "cmi.core.lesson_status must be one of passed, completed, failed, incomplete, browsed or"
              + " not attempted, not '"
              + clip(status)
              + "'.");
    }
    String location = text(core, "lesson_location", "cmi.core.lesson_location");
    maxLength(location, LOCATION_12, "LOCATION_TOO_LONG", "cmi.core.lesson_location");
    String suspend = text(cmi, "suspend_data", "cmi.suspend_data");
    maxLength(suspend, SUSPEND_DATA_12, "SUSPEND_DATA_TOO_LONG", "cmi.suspend_data");
    maxLength(text(cmi, "comments", "cmi.comments"), 4096, "COMMENTS_TOO_LONG", "cmi.comments");
    String exit = text(core, "exit", "cmi.core.exit");
    vocabulary(exit, EXIT_12, "INVALID_EXIT", "cmi.core.exit");
    JsonNode score = core.path("score");
    Double raw = score12(score, "raw");
    Double min = score12(score, "min");
    Double max = score12(score, "max");
    Double scaled = null;
    if (raw != null) {
      double low = min == null ? 0 : min;
      double high = max == null ? 100 : max;
      scaled = high > low ? clamp((raw - low) / (high - low)) : raw / 100.0;
    }
    Duration session =
        timespan12(text(core, "session_time", "cmi.core.session_time"), "cmi.core.session_time");
    String completion =
        switch (status) {
          case "passed", "failed", "completed", "browsed" -> "completed";
          case "incomplete" -> "incomplete";
          default -> "not attempted";
        };
    String success =
        switch (status) {
          case "passed" -> "passed";
          case "failed" -> "failed";
          default -> "unknown";
        };
    return new CmiData(
        "scorm12",
        cmi,
        completion,
        success,
        scaled,
        raw,
        min,
        max,
        location,
        suspend,
        exit,
        text(core, "entry", "cmi.core.entry"),
        session,
        interactions(cmi, false));
  }

  private static CmiData read2004(ObjectNode cmi) {
    String completion = text(cmi, "completion_status", "cmi.completion_status");
    completion = completion.isEmpty() ? "unknown" : completion;
    vocabulary(completion, COMPLETION, "INVALID_COMPLETION_STATUS", "cmi.completion_status");
    String success = text(cmi, "success_status", "cmi.success_status");
    success = success.isEmpty() ? "unknown" : success;
    vocabulary(success, SUCCESS, "INVALID_SUCCESS_STATUS", "cmi.success_status");
    String location = text(cmi, "location", "cmi.location");
    maxLength(location, LOCATION_2004, "LOCATION_TOO_LONG", "cmi.location");
    String suspend = text(cmi, "suspend_data", "cmi.suspend_data");
    maxLength(suspend, SUSPEND_DATA_2004, "SUSPEND_DATA_TOO_LONG", "cmi.suspend_data");
    String exit = text(cmi, "exit", "cmi.exit");
    vocabulary(exit, EXIT_2004, "INVALID_EXIT", "cmi.exit");
    JsonNode score = cmi.path("score");
    Double scaled = real(score, "scaled", "cmi.score.scaled", "INVALID_SCORE");
    if (scaled != null && (scaled < -1 || scaled > 1)) {
      throw refuse(
          "INVALID_SCORE", "cmi.score.scaled must be a number from -1 to 1, not " + scaled + ".");
    }
    Double raw = real(score, "raw", "cmi.score.raw", "INVALID_SCORE");
    Double min = real(score, "min", "cmi.score.min", "INVALID_SCORE");
    Double max = real(score, "max", "cmi.score.max", "INVALID_SCORE");
    Double progress =
        real(cmi, "progress_measure", "cmi.progress_measure", "INVALID_PROGRESS_MEASURE");
    if (progress != null && (progress < 0 || progress > 1)) {
      throw refuse(
          "INVALID_PROGRESS_MEASURE",
          "cmi.progress_measure must be a number from 0 to 1, not " + progress + ".");
    }
    Duration session =
        duration2004(text(cmi, "session_time", "cmi.session_time"), "cmi.session_time");
    return new CmiData(
        "scorm2004",
        cmi,
        completion,
        success,
        scaled,
        raw,
        min,
        max,
        location,
        suspend,
        exit,
        text(cmi, "entry", "cmi.entry"),
        session,
        interactions(cmi, true));
  }

  private static List<Interaction> interactions(ObjectNode cmi, boolean v2004) {
    JsonNode node = cmi.path("interactions");
    Map<Integer, JsonNode> byIndex = new TreeMap<>();
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        byIndex.put(i, node.get(i));
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getKey().matches("\\d{1,6}")) {
          byIndex.put(Integer.parseInt(e.getKey()), e.getValue());
        }
      }
    }
    List<Interaction> out = new ArrayList<>();
    for (Map.Entry<Integer, JsonNode> e : byIndex.entrySet()) {
      int n = e.getKey();
      JsonNode i = e.getValue();
      String element = "cmi.interactions." + n;
      String id = text(i, "id", element + ".id");
      maxLength(id, v2004 ? 4000 : 255, "INVALID_INTERACTION", element + ".id");
      String type = text(i, "type", element + ".type");
      if (!type.isEmpty()) {
        vocabulary(type, v2004 ? TYPES_2004 : TYPES_12, "INVALID_INTERACTION", element + ".type");
      }
      String result = text(i, "result", element + ".result");
      if (!result.isEmpty()
          && !(v2004 ? RESULTS_2004 : RESULTS_12).contains(result)
          && !(v2004 ? REAL : DECIMAL_12).matcher(result).matches()) {
        throw refuse(
            "INVALID_INTERACTION",
            element
                + ".result must be "
                + (v2004 ? "correct, incorrect" : "correct, wrong")
                + ", unanticipated, neutral or a number, not '"
                + clip(result)
                + "'.");
      }
      String responseKey = v2004 ? "learner_response" : "student_response";
      String response = text(i, responseKey, element + "." + responseKey);
      if (!v2004) {
        maxLength(response, 255, "INVALID_INTERACTION", element + ".student_response");
      }
      String latencyText = text(i, "latency", element + ".latency");
      Duration latency =
          latencyText.isEmpty()
              ? null
              : v2004
                  ? duration2004(latencyText, element + ".latency")
                  : timespan12(latencyText, element + ".latency");
      List<String> patterns = new ArrayList<>();
      JsonNode correct = i.path("correct_responses");
      Map<Integer, JsonNode> patternsByIndex = new TreeMap<>();
      if (correct.isArray()) {
        for (int k = 0; k < correct.size(); k++) {
          patternsByIndex.put(k, correct.get(k));
        }
      } else if (correct.isObject()) {
        for (Map.Entry<String, JsonNode> p : correct.properties()) {
          if (p.getKey().matches("\\d{1,6}")) {
            patternsByIndex.put(Integer.parseInt(p.getKey()), p.getValue());
          }
        }
      }
      for (Map.Entry<Integer, JsonNode> p : patternsByIndex.entrySet()) {
        String pattern =
            text(
                p.getValue(), "pattern", element + ".correct_responses." + p.getKey() + ".pattern");
        if (!pattern.isEmpty()) {
          patterns.add(pattern);
        }
      }
      if (id.isEmpty()) {
        continue; // nothing identifies it: not reported
      }
      String description = v2004 ? text(i, "description", element + ".description") : "";
      out.add(
          new Interaction(
              n,
              id,
              type.isEmpty() ? null : type,
              response.isEmpty() ? null : response,
              result.isEmpty() ? null : result,
              patterns,
              description.isEmpty() ? null : description,
              latency));
    }
    return out;
  }

  /**
   * The CMI to store: {@code total_time} set to the SCO's accumulated time (so a relaunch reads it)
   * and {@code session_time} back to its initial value (a relaunch starts a new session).
   */
  public static String storedJson(CmiData data, Duration totalTime) {
    ObjectNode cmi = data.cmi().deepCopy();
    if ("scorm12".equals(data.standard())) {
      ObjectNode core = cmi.get("core") instanceof ObjectNode c ? c : cmi.putObject("core");
      core.put("total_time", timespan12(totalTime));
      core.put("session_time", "00:00:00");
    } else {
      cmi.put("total_time", StatementFactory.iso(totalTime));
      cmi.put("session_time", "PT0H0M0S");
    }
    return cmi.toString();
  }

  /** A duration as CMITimespan {@code HHHH:MM:SS.SS}. */
  public static String timespan12(Duration d) {
    long hours = Math.min(d.toHours(), 9999);
    int centis = d.toMillisPart() / 10;
    return String.format(
        java.util.Locale.ROOT,
        "%04d:%02d:%02d.%02d",
        hours,
        d.toMinutesPart(),
        d.toSecondsPart(),
        centis);
  }

  /** Parses a SCORM 1.2 CMITimespan ({@code HHHH:MM:SS.SS}); "" is zero. */
  public static Duration timespan12(String value, String element) {
    if (value.isEmpty()) {
      return Duration.ZERO;
    }
    Matcher m = TIMESPAN_12.matcher(value);
    if (!m.matches()) {
      throw refuse(
          "INVALID_SESSION_TIME",
          element + " must be a time span HHHH:MM:SS.SS, not '" + clip(value) + "'.");
    }
    long centis = m.group(4) == null ? 0 : Long.parseLong((m.group(4) + "0").substring(0, 2));
    return Duration.ofHours(Long.parseLong(m.group(1)))
        .plusMinutes(Long.parseLong(m.group(2)))
        .plusSeconds(Long.parseLong(m.group(3)))
        .plusMillis(centis * 10);
  }

  /**
   * Parses a SCORM 2004 timeinterval (ISO 8601 duration, e.g. {@code PT1H2M3.45S}; a year counts
   * 365 days, a month 30); "" is zero.
   */
  public static Duration duration2004(String value, String element) {
    if (value.isEmpty()) {
      return Duration.ZERO;
    }
    Matcher m = DURATION_2004.matcher(value);
    if (!m.matches() || value.equals("P") || value.endsWith("T")) {
      throw refuse(
          "INVALID_SESSION_TIME",
          element + " must be an ISO 8601 duration such as PT1H30M5S, not '" + clip(value) + "'.");
    }
    try {
      Duration d = Duration.ZERO;
      d = d.plusDays(Math.multiplyExact(365L, number(m.group(1))));
      d = d.plusDays(Math.multiplyExact(30L, number(m.group(2)))).plusDays(number(m.group(3)));
      d = d.plusHours(number(m.group(4))).plusMinutes(number(m.group(5)));
      if (m.group(6) != null) {
        BigDecimal seconds = new BigDecimal(m.group(6));
        d = d.plusMillis(seconds.movePointRight(3).longValueExact());
      }
      return d;
    } catch (ArithmeticException | NumberFormatException e) {
      throw refuse("INVALID_SESSION_TIME", element + " is too long: '" + clip(value) + "'.");
    }
  }

  private static long number(String group) {
    return group == null ? 0 : Long.parseLong(group);
  }

  private static Double score12(JsonNode score, String key) {
    String element = "cmi.core.score." + key;
    String value = text(score, key, element);
    if (value.isEmpty()) {
      return null;
    }
    if (!DECIMAL_12.matcher(value).matches() || value.equals("-") || value.equals(".")) {
      throw refuse(
          "INVALID_SCORE", element + " must be a number from 0 to 100, not '" + clip(value) + "'.");
    }
    double v = Double.parseDouble(value);
    if (v < 0 || v > 100) {
      throw refuse(
          "INVALID_SCORE", element + " must be a number from 0 to 100, not " + value + ".");
    }
    return v;
  }

  private static Double real(JsonNode parent, String key, String element, String code) {
    String value = text(parent, key, element);
    if (value.isEmpty()) {
      return null;
    }
    if (!REAL.matcher(value).matches()) {
      throw refuse(code, element + " must be a number, not '" + clip(value) + "'.");
    }
    return Double.parseDouble(value);
  }

  private static String text(JsonNode parent, String key, String element) {
    JsonNode v = parent == null ? null : parent.get(key);
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "";
    }
    if (v.isValueNode()) {
      return v.asText();
    }
    throw refuse("INVALID_CMI", element + " must be a string, not a JSON " + v.getNodeType() + ".");
  }

  private static void maxLength(String value, int max, String code, String element) {
    int length = value.codePointCount(0, value.length());
    if (length > max) {
      throw refuse(
          code,
          element + " holds " + length + " characters; the data model allows at most " + max + ".");
    }
  }

  private static void vocabulary(String value, Set<String> allowed, String code, String element) {
    if (!allowed.contains(value)) {
      throw refuse(
          code,
          element
              + " must be one of "
              + allowed.stream().sorted().map(v -> "'" + v + "'").collect(Collectors.joining(", "))
              + ", not '"
              + clip(value)
              + "'.");
    }
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private static String clip(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "…" : value;
  }

  private static CommitRefusedException refuse(String code, String message) {
    return new CommitRefusedException(code, message);
  }
}
