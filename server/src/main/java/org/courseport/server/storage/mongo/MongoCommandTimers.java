package org.courseport.server.storage.mongo;

import com.mongodb.connection.ConnectionDescription;
import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * The driver's command timer {@value #NAME} (Prometheus {@code mongodb_driver_commands_seconds_*})
 * with the tags of Micrometer's {@code MongoMetricsCommandListener} ({@code command}, {@code
 * collection}, {@code cluster.id}, {@code server.address}, {@code status}), built once per tag
 * combination: Micrometer's listener builds the tags and looks the timer up in the registry again
 * for every command, twice per GetCourse.
 */
public final class MongoCommandTimers implements CommandListener {
  /** The timer name, as Micrometer's listener names it. */
  public static final String NAME = "mongodb.driver.commands";

  /** What Micrometer tags a command without a collection with. */
  static final String UNKNOWN = "unknown";

  /** Commands whose first field's value is the collection they work on. */
  private static final Set<String> COLLECTION_COMMANDS =
      Set.of(
          "aggregate",
          "count",
          "distinct",
          "mapReduce",
          "geoSearch",
          "delete",
          "find",
          "findAndModify",
          "insert",
          "update",
          "collMod",
          "compact",
          "convertToCapped",
          "create",
          "createIndexes",
          "drop",
          "dropIndexes",
          "killCursors",
          "listIndexes",
          "reIndex");

  private final MeterRegistry registry;

  /** The collection of each command in flight, by request id (the end events do not carry it). */
  private final Map<Integer, String> inFlight = new ConcurrentHashMap<>();

  /** The timers made so far, by command, collection, status, cluster and server. */
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  private record Key(
      String command, String collection, String status, String clusterId, String address) {}

  public MongoCommandTimers(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void commandStarted(CommandStartedEvent event) {
    String collection = collection(event.getCommandName(), event.getCommand());
    if (collection != null) {
      inFlight.put(event.getRequestId(), collection);
    }
  }

  @Override
  public void commandSucceeded(CommandSucceededEvent event) {
    record(
        event.getRequestId(),
        event.getCommandName(),
        event.getConnectionDescription(),
        "SUCCESS",
        event.getElapsedTime(TimeUnit.NANOSECONDS));
  }

  @Override
  public void commandFailed(CommandFailedEvent event) {
    record(
        event.getRequestId(),
        event.getCommandName(),
        event.getConnectionDescription(),
        "FAILED",
        event.getElapsedTime(TimeUnit.NANOSECONDS));
  }

  private void record(
      int requestId,
      String command,
      ConnectionDescription connection,
      String status,
      long elapsedNanos) {
    String collection = inFlight.remove(requestId);
    Key key =
        new Key(
            command,
            collection == null ? UNKNOWN : collection,
            status,
            connection.getConnectionId().getServerId().getClusterId().getValue(),
            connection.getServerAddress().toString());
    Timer timer = timers.get(key);
    if (timer == null) {
      timer = timers.computeIfAbsent(key, this::timer);
    }
    timer.record(elapsedNanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(Key key) {
    return Timer.builder(NAME)
        .description("Timer of mongodb commands")
        .tag("command", key.command())
        .tag("collection", key.collection())
        .tag("cluster.id", key.clusterId())
        .tag("server.address", key.address())
        .tag("status", key.status())
        .register(registry);
  }

  /** The collection a command works on, or null (ping, hello, commands on the database). */
  static String collection(String commandName, BsonDocument command) {
    if (COLLECTION_COMMANDS.contains(commandName)) {
      return nonEmptyString(command.get(commandName));
    }
    if ("getMore".equals(commandName)) {
      return nonEmptyString(command.get("collection"));
    }
    return null;
  }

  private static String nonEmptyString(BsonValue value) {
    if (value == null || !value.isString()) {
      return null;
    }
    String s = value.asString().getValue().trim();
    return s.isEmpty() ? null : s;
  }
}
