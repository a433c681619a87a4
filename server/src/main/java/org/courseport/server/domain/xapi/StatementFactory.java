package org.courseport.server.domain.xapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Builds the xAPI 1.0.2 statements of the ADL SCORM profile that a SCORM commit implies: {@code
 * initialized}, {@code answered}, {@code completed}, {@code passed}/{@code failed} with the score,
 * {@code terminated} with the session's duration.
 *
 * <p>Actor: {@code {"objectType":"Agent","account":{"homePage":"urn:courseport","name":userId}}}.
 * Object: the SCO, {@code urn:courseport:course:{courseId}:item:{itemId}}, or one of its
 * interactions, {@code …:interaction:{id}} (each part percent-encoded). Context: the registration,
 * the course as parent (the SCO as parent and the course as grouping for interactions), the SCORM
 * profile as category, platform {@code Courseport}.
 *
 * <p>Statement ids are name-based UUIDs of the session, the SCO attempt key, the commit's seq, the
 * verb and an index, so a commit processed twice yields the same ids and is stored once.
 */
public final class StatementFactory {
  public static final String VERBS = "http://adlnet.gov/expapi/verbs/";
  public static final String PROFILE = "https://w3id.org/xapi/scorm";
  public static final String HOME_PAGE = "urn:courseport";
  public static final String PLATFORM = "Courseport";
  private static final String LANG = "en-US";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Where the statements of one commit belong.
   *
   * @param tenantId the tenant
   * @param courseId the course
   * @param courseTitle the course's title (the parent activity's name), or null
   * @param version the course version
   * @param learnerId the session's user id
   * @param registration the session's registration UUID
   * @param sessionId the session id
   * @param itemId the SCO's item identifier
   * @param itemTitle the SCO's title, or null
   * @param attemptKey the player's key of the SCO session
   * @param seq the commit's seq
   * @param at when the commit was received (timestamp and stored, to the millisecond)
   */
  public record Target(
      String tenantId,
      String courseId,
      String courseTitle,
      int version,
      String learnerId,
      String registration,
      String sessionId,
      String itemId,
      String itemTitle,
      String attemptKey,
      long seq,
      Instant at) {}

  /** A score; every part may be null. */
  public record Score(Double scaled, Double raw, Double min, Double max) {
    public boolean isEmpty() {
      return scaled == null && raw == null && min == null && max == null;
    }
  }

  /** Starts the statements of one commit. */
  public Batch batch(Target target) {
    return new Batch(target);
  }

  /** The statements of one commit, in the order they happened. */
  public static final class Batch {
    private final Target t;
    private final Instant at;
    private final List<StoredStatement> statements = new ArrayList<>();

    private Batch(Target target) {
      this.t = target;
      this.at = target.at().truncatedTo(ChronoUnit.MILLIS);
    }

    public Batch initialized() {
      add("initialized", 0, scoActivity(), courseContext(), null);
      return this;
    }

    public Batch answered(Interaction i) {
      ObjectNode result = JSON.createObjectNode();
      Boolean success = success(i.result());
      if (success != null) {
        result.put("success", success);
      }
      if (i.response() != null) {
        result.put("response", i.response());
      }
      if (i.latency() != null) {
        result.put("duration", iso(i.latency()));
      }
      ObjectNode context = context();
      ObjectNode activities = context.putObject("contextActivities");
      activities.putArray("parent").add(scoActivity());
      activities.putArray("grouping").add(courseActivity());
      activities.putArray("category").add(profile());
      add("answered", i.index(), interactionActivity(i), context, result.isEmpty() ? null : result);
      return this;
    }

    public Batch completed() {
      ObjectNode result = JSON.createObjectNode().put("completion", true);
      add("completed", 0, scoActivity(), courseContext(), result);
      return this;
    }

    /** {@code passed} (true) or {@code failed} (false), with the score when there is one. */
    public Batch judged(boolean passed, Score score, boolean completed) {
      ObjectNode result = JSON.createObjectNode();
      if (score != null && !score.isEmpty()) {
        ObjectNode s = result.putObject("score");
        putNumber(s, "scaled", score.scaled());
        putNumber(s, "raw", score.raw());
        putNumber(s, "min", score.min());
        putNumber(s, "max", score.max());
      }
      result.put("success", passed);
      if (completed) {
        result.put("completion", true);
      }
      add(passed ? "passed" : "failed", 0, scoActivity(), courseContext(), result);
      return this;
    }

    public Batch terminated(Duration sessionTime) {
      ObjectNode result = JSON.createObjectNode();
      if (sessionTime != null) {
        result.put("duration", iso(sessionTime));
      }
      add("terminated", 0, scoActivity(), courseContext(), result.isEmpty() ? null : result);
      return this;
    }

    public List<StoredStatement> statements() {
      return List.copyOf(statements);
    }

    private void add(String verb, int index, ObjectNode object, ObjectNode context, ObjectNode r) {
      String id = statementId(verb, index);
      ObjectNode s = JSON.createObjectNode();
      s.put("id", id);
      ObjectNode actor = s.putObject("actor").put("objectType", "Agent");
      actor.putObject("account").put("homePage", HOME_PAGE).put("name", t.learnerId());
      s.putObject("verb").put("id", VERBS + verb).putObject("display").put(LANG, verb);
      s.set("object", object);
      if (r != null) {
        s.set("result", r);
      }
      s.set("context", context);
      s.put("timestamp", at.toString());
      s.put("stored", at.toString());
      ObjectNode authority = s.putObject("authority").put("objectType", "Agent");
      authority.putObject("account").put("homePage", HOME_PAGE).put("name", "courseport");
      s.put("version", "1.0.0");
      statements.add(
          new StoredStatement(
              id,
              t.tenantId(),
              t.courseId(),
              t.version(),
              t.learnerId(),
              t.registration(),
              at,
              s.toString()));
    }

    private String statementId(String verb, int index) {
      String name =
          String.join(
              "\n",
              t.tenantId(),
              t.courseId(),
              t.sessionId(),
              t.itemId(),
              t.attemptKey(),
              Long.toString(t.seq()),
              verb,
              Integer.toString(index));
      return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private ObjectNode context() {
      ObjectNode c = JSON.createObjectNode();
      c.put("registration", t.registration());
      c.put("platform", PLATFORM);
      return c;
    }

    private ObjectNode courseContext() {
      ObjectNode c = context();
      ObjectNode activities = c.putObject("contextActivities");
      activities.putArray("parent").add(courseActivity());
      activities.putArray("category").add(profile());
      return c;
    }

    private ObjectNode courseActivity() {
      return activity(
          courseIri(t.courseId()), t.courseTitle(), "http://adlnet.gov/expapi/activities/course");
    }

    private ObjectNode scoActivity() {
      return activity(
          itemIri(t.courseId(), t.itemId()),
          t.itemTitle(),
          "http://adlnet.gov/expapi/activities/lesson");
    }

    private ObjectNode interactionActivity(Interaction i) {
      ObjectNode a =
          activity(
              itemIri(t.courseId(), t.itemId()) + ":interaction:" + encode(i.id()),
              i.description(),
              "http://adlnet.gov/expapi/activities/cmi.interaction");
      ObjectNode definition = (ObjectNode) a.get("definition");
      String type = interactionType(i.type());
      if (type != null) {
        definition.put("interactionType", type);
      }
      if (!i.correctResponsePatterns().isEmpty()) {
        ArrayNode patterns = definition.putArray("correctResponsesPattern");
        i.correctResponsePatterns().forEach(patterns::add);
      }
      return a;
    }

    private static ObjectNode profile() {
      ObjectNode p = JSON.createObjectNode().put("objectType", "Activity").put("id", PROFILE);
      p.putObject("definition").put("type", "http://adlnet.gov/expapi/activities/profile");
      return p;
    }

    private static ObjectNode activity(String id, String name, String type) {
      ObjectNode a = JSON.createObjectNode().put("objectType", "Activity").put("id", id);
      ObjectNode definition = a.putObject("definition");
      if (name != null && !name.isBlank()) {
        definition.putObject("name").put(LANG, name);
      }
      definition.put("type", type);
      return a;
    }
  }

  /** The course activity IRI. */
  public static String courseIri(String courseId) {
    return "urn:courseport:course:" + encode(courseId);
  }

  /** A SCO's activity IRI. */
  public static String itemIri(String courseId, String itemId) {
    return courseIri(courseId) + ":item:" + encode(itemId);
  }

  /** An ISO 8601 duration to the centisecond, e.g. {@code PT1M30.5S}. */
  public static String iso(Duration d) {
    return Duration.ofSeconds(d.getSeconds(), (d.getNano() / 10_000_000) * 10_000_000L).toString();
  }

  private static void putNumber(ObjectNode node, String key, Double value) {
    if (value != null) {
      node.put(key, value);
    }
  }

  /** correct → true; wrong/incorrect → false; anything else (neutral, a number) → no success. */
  private static Boolean success(String result) {
    if (result == null) {
      return null;
    }
    return switch (result) {
      case "correct" -> true;
      case "wrong", "incorrect" -> false;
      default -> null;
    };
  }

  private static String interactionType(String scormType) {
    if (scormType == null || scormType.isEmpty()) {
      return null;
    }
    return switch (scormType) {
      case "true-false",
          "choice",
          "fill-in",
          "long-fill-in",
          "matching",
          "performance",
          "sequencing",
          "likert",
          "numeric",
          "other" ->
          scormType;
      default -> "other";
    };
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters. */
  static String encode(String part) {
    StringBuilder out = new StringBuilder();
    for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }
}
