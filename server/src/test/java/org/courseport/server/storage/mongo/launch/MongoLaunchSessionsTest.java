package org.courseport.server.storage.mongo.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.courseport.server.domain.launch.LaunchSession;
import org.courseport.server.domain.launch.ScoState;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Launch sessions on the embedded MongoDB: unique key, conditional replace, counts, deletes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MongoLaunchSessionsTest {
  static final Instant AT = Instant.parse("2026-12-06T02:00:00.123Z");

  EmbeddedTestMongo mongo;
  MongoStore store;
  MongoLaunchSessions sessions;

  @BeforeAll
  void start() throws Exception {
    mongo = EmbeddedTestMongo.start();
    store = new MongoStore(mongo.connectionString());
    sessions = new MongoLaunchSessions(store.database());
  }

  @AfterAll
  void stop() throws Exception {
    store.close();
    mongo.close();
  }

  @BeforeEach
  void empty() {
    store.database().getCollection(MongoLaunchSessions.COLLECTION).deleteMany(new Document());
  }

  static LaunchSession session(
      String course, int version, String id, long revision, Map<String, ScoState> scos) {
    return new LaunchSession(
        "t-1",
        course,
        version,
        id,
        "reg-" + id,
        "u-1",
        "scorm2004",
        "incomplete",
        "unknown",
        0.5,
        null,
        "loc",
        "a.b",
        Duration.ofMillis(61_230),
        scos,
        2,
        revision,
        AT,
        AT.plusSeconds(5));
  }

  static ScoState sco(String itemId) {
    return new ScoState(
        itemId,
        "{\"location\":\"p.1\"}",
        "incomplete",
        "unknown",
        0.5,
        12.0,
        "p.1",
        "{\"$x\":1}",
        "suspend",
        Duration.ofMillis(61_230),
        "key-2",
        Duration.ofSeconds(3),
        7,
        List.of("key-1"));
  }

  @Test
  void insert_roundTripsEveryFieldAndRefusesTheSameKeyTwice() {
    // Item identifiers with dots and dollars are fine: SCO states are an array, not field names.
    LaunchSession s = session("c", 1, "s-1", 0, Map.of("a.b", sco("a.b"), "$c", sco("$c")));
    assertThat(sessions.insert(s)).isTrue();
    assertThat(sessions.find("t-1", "c", "s-1")).contains(s);
    assertThat(sessions.insert(session("c", 2, "s-1", 0, Map.of()))).isFalse();
    assertThat(sessions.insert(session("d", 1, "s-1", 0, Map.of()))).isTrue();
    assertThat(sessions.find("t-1", "c", "nope")).isEmpty();
  }

  @Test
  void replace_happensOnlyAtTheExpectedRevision() {
    sessions.insert(session("c", 1, "s-1", 0, Map.of()));
    LaunchSession next = session("c", 1, "s-1", 1, Map.of("x", sco("x")));
    assertThat(sessions.replace(next, 0)).isTrue();
    assertThat(sessions.replace(session("c", 1, "s-1", 1, Map.of()), 0)).isFalse();
    assertThat(sessions.find("t-1", "c", "s-1")).contains(next);
    assertThat(sessions.replace(session("c", 1, "missing", 1, Map.of()), 0)).isFalse();
    assertThat(sessions.find("t-1", "c", "missing")).isEmpty(); // no upsert
  }

  @Test
  void countAndDeletes() {
    sessions.insert(session("c", 1, "s-1", 0, Map.of()));
    sessions.insert(session("c", 2, "s-2", 0, Map.of()));
    sessions.insert(session("c", 2, "s-3", 0, Map.of()));
    sessions.insert(session("d", 1, "s-1", 0, Map.of()));
    assertThat(sessions.count("t-1", "c", null)).isEqualTo(3);
    assertThat(sessions.count("t-1", "c", 2)).isEqualTo(2);
    assertThat(sessions.count("t-2", "c", null)).isZero();
    assertThat(sessions.deleteForVersion("t-1", "c", 2)).isEqualTo(2);
    assertThat(sessions.count("t-1", "c", null)).isEqualTo(1);
    assertThat(sessions.deleteForCourse("t-1", "c")).isEqualTo(1);
    assertThat(sessions.count("t-1", "d", null)).isEqualTo(1);
  }

  @Test
  void countEachCountsEveryVersionOfTheNamedCoursesInOneAggregation() {
    sessions.insert(session("c", 1, "s-1", 0, Map.of()));
    sessions.insert(session("c", 2, "s-2", 0, Map.of()));
    sessions.insert(session("c", 2, "s-3", 0, Map.of()));
    sessions.insert(session("d", 1, "s-1", 0, Map.of()));
    sessions.insert(session("e", 0, "s-1", 0, Map.of()));

    Map<String, Long> counts = sessions.countEach("t-1", List.of("c", "d", "none"));

    assertThat(counts).containsOnly(Map.entry("c", 3L), Map.entry("d", 1L));
    assertThat(sessions.countEach("t-2", List.of("c", "d"))).isEmpty();
    assertThat(sessions.countEach("t-1", List.of())).isEmpty();
  }
}
