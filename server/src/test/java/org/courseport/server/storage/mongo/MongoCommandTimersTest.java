package org.courseport.server.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The driver's command timers through a real store (the embedded MongoDB): the name and tags of
 * Micrometer's listener, one timer per command, collection and status whose count grows with every
 * command, failed commands under FAILED, commands without a collection under "unknown".
 */
class MongoCommandTimersTest {
  private static EmbeddedTestMongo mongo;
  private static SimpleMeterRegistry registry;
  private static MongoStore store;

  @BeforeAll
  static void start() throws Exception {
    mongo = EmbeddedTestMongo.start();
    registry = new SimpleMeterRegistry();
    store = new MongoStore(mongo.connectionString(), registry);
  }

  @AfterAll
  static void stop() throws Exception {
    store.close();
    mongo.close();
  }

  private static List<Timer> timers(String collection, String command, String status) {
    return List.copyOf(
        registry
            .find(MongoCommandTimers.NAME)
            .tag("collection", collection)
            .tag("command", command)
            .tag("status", status)
            .timers());
  }

  @Test
  void oneTimerPerCommandCollectionAndStatusCountingEveryCommand() {
    var things = store.database().getCollection("timedThings");
    things.insertOne(new Document("_id", "a").append("n", 1));
    for (int i = 0; i < 5; i++) {
      assertThat(things.find(new Document("_id", "a")).first()).isNotNull();
    }

    List<Timer> finds = timers("timedThings", "find", "SUCCESS");
    assertThat(finds).hasSize(1);
    assertThat(finds.get(0).count()).isEqualTo(5);
    assertThat(finds.get(0).totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    Timer timer = finds.get(0);
    assertThat(timer.getId().getTag("server.address")).startsWith("127.0.0.1:");
    assertThat(timer.getId().getTag("cluster.id")).isNotBlank();
    assertThat(timers("timedThings", "insert", "SUCCESS").get(0).count()).isEqualTo(1);

    things.find(new Document("_id", "b")).first();
    assertThat(timers("timedThings", "find", "SUCCESS")).containsExactly(timer);
    assertThat(timer.count()).isEqualTo(6);
  }

  @Test
  void failedCommandsAndCommandsWithoutCollection() {
    double pings =
        timers(MongoCommandTimers.UNKNOWN, "ping", "SUCCESS").stream()
            .mapToDouble(Timer::count)
            .sum();
    store.ping();
    assertThat(
            timers(MongoCommandTimers.UNKNOWN, "ping", "SUCCESS").stream()
                .mapToDouble(Timer::count)
                .sum())
        .isEqualTo(pings + 1);

    assertThatThrownBy(
            () -> store.database().runCommand(new Document("noSuchCommandAnywhere", "timedThings")))
        .isInstanceOf(MongoCommandException.class);
    assertThat(timers(MongoCommandTimers.UNKNOWN, "noSuchCommandAnywhere", "FAILED"))
        .singleElement()
        .extracting(Timer::count)
        .isEqualTo(1L);
  }

  @Test
  void theCollectionOfACommand() {
    assertThat(
            MongoCommandTimers.collection(
                "find", new BsonDocument("find", new BsonString("courses"))))
        .isEqualTo("courses");
    assertThat(
            MongoCommandTimers.collection(
                "getMore",
                new BsonDocument("getMore", new BsonInt32(7))
                    .append("collection", new BsonString("jobs"))))
        .isEqualTo("jobs");
    assertThat(MongoCommandTimers.collection("ping", new BsonDocument("ping", new BsonInt32(1))))
        .isNull();
    assertThat(MongoCommandTimers.collection("find", new BsonDocument("find", new BsonString(" "))))
        .isNull();
  }
}
