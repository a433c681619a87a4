package org.courseport.server.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The driver's command timers ({@code mongodb.driver.commands}, Micrometer's {@code
 * MongoMetricsCommandListener}) through a real store (the embedded MongoDB): one timer per command,
 * database, collection and status whose count grows with every command, failed commands under
 * FAILED, commands without a collection under "unknown", and the store's own repositories under
 * their collection.
 */
class MongoCommandMetricsTest {
  private static final String NAME = "mongodb.driver.commands";

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
            .find(NAME)
            .tag("database", MongoStore.DATABASE)
            .tag("collection", collection)
            .tag("command", command)
            .tag("status", status)
            .timers());
  }

  private static long count(String collection, String command, String status) {
    return timers(collection, command, status).stream().mapToLong(Timer::count).sum();
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
    Timer timer = finds.get(0);
    assertThat(timer.count()).isEqualTo(5);
    assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(timer.getId().getTag("server.address")).startsWith("127.0.0.1:");
    assertThat(timer.getId().getTag("cluster.id")).isNotBlank();
    assertThat(count("timedThings", "insert", "SUCCESS")).isEqualTo(1);

    things.find(new Document("_id", "b")).first();
    assertThat(timers("timedThings", "find", "SUCCESS")).containsExactly(timer);
    assertThat(timer.count()).isEqualTo(6);
  }

  @Test
  void failedCommandsAndCommandsWithoutCollection() {
    long pings = count("unknown", "ping", "SUCCESS");
    store.ping();
    assertThat(count("unknown", "ping", "SUCCESS")).isEqualTo(pings + 1);

    assertThatThrownBy(
            () -> store.database().runCommand(new Document("noSuchCommandAnywhere", "timedThings")))
        .isInstanceOf(MongoCommandException.class);
    assertThat(timers("unknown", "noSuchCommandAnywhere", "FAILED"))
        .singleElement()
        .extracting(Timer::count)
        .isEqualTo(1L);
  }

  @Test
  void theStoresOwnRepositoriesAreTimedByTheirCollection() {
    long before = count(MongoStore.TENANTS, "find", "SUCCESS");
    assertThat(store.tenants().findTenant("no-such-tenant-anywhere")).isEmpty();
    assertThat(count(MongoStore.TENANTS, "find", "SUCCESS")).isEqualTo(before + 1);
  }
}
