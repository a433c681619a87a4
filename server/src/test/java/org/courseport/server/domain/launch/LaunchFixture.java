package org.courseport.server.domain.launch;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.launch.MongoLaunchSessions;
import org.courseport.server.storage.mongo.launch.MongoStatements;

/** Launch sessions on the embedded MongoDB, a settable clock and a three-item course. */
final class LaunchFixture implements AutoCloseable {
  static final String TENANT = "t-1";
  static final String COURSE = "golf";
  static final ScoCatalog.Layout LAYOUT =
      new ScoCatalog.Layout(
          "Golf Explained",
          List.of(
              new ScoCatalog.Item("intro", "Introduction", true),
              new ScoCatalog.Item("quiz", "Quiz", true),
              new ScoCatalog.Item("glossary", "Glossary", false)));

  final EmbeddedTestMongo mongo;
  final MongoStore store;
  final MongoLaunchSessions sessionRepo;
  final MongoStatements statementRepo;
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T02:00:00.123Z"));

  LaunchFixture() throws Exception {
    mongo = EmbeddedTestMongo.start();
    store = new MongoStore(mongo.connectionString());
    sessionRepo = new MongoLaunchSessions(store.database());
    statementRepo = new MongoStatements(store.database());
  }

  DefaultLaunchSessions sessions(LaunchSessionRepository repo) {
    return new DefaultLaunchSessions(
        repo,
        statementRepo,
        (t, c, v) ->
            t.equals(TENANT) && c.equals(COURSE) && v == 1 ? Optional.of(LAYOUT) : Optional.empty(),
        clock);
  }

  void empty() {
    store
        .database()
        .getCollection(MongoLaunchSessions.COLLECTION)
        .deleteMany(new org.bson.Document());
    store.database().getCollection(MongoStatements.COLLECTION).deleteMany(new org.bson.Document());
  }

  long statementCount() {
    return store.database().getCollection(MongoStatements.COLLECTION).countDocuments();
  }

  static LaunchGrant tracked(String sessionId, String userId) {
    return new LaunchGrant(
        TENANT,
        COURSE,
        1,
        LaunchMode.TRACKED,
        sessionId,
        userId,
        null,
        Instant.parse("2026-12-06T10:00:00Z"));
  }

  static LaunchGrant preview() {
    return new LaunchGrant(
        TENANT,
        COURSE,
        1,
        LaunchMode.PREVIEW,
        null,
        null,
        null,
        Instant.parse("2026-12-06T10:00:00Z"));
  }

  @Override
  public void close() throws Exception {
    store.close();
    mongo.close();
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advanceSeconds(long s) {
      now = now.plusSeconds(s);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    ZonedDateTime zoned() {
      return now.atZone(ZoneOffset.UTC);
    }
  }
}
