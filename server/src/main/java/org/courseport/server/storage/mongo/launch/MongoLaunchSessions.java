package org.courseport.server.storage.mongo.launch;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.documents;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;
import static org.courseport.server.storage.mongo.support.DocumentValues.intValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.longValue;
import static org.courseport.server.storage.mongo.support.DocumentValues.strings;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.launch.LaunchSession;
import org.courseport.server.domain.launch.LaunchSessionRepository;
import org.courseport.server.domain.launch.ScoState;
import org.courseport.server.storage.mongo.support.DuplicateKeys;

/**
 * {@link LaunchSessionRepository} on collection {@value #COLLECTION}: one document per session,
 * unique on (tenantId, courseId, sessionId), its SCO states in an array (item identifiers may hold
 * characters that field names cannot), each SCO's CMI as JSON text. A replace is one {@code
 * replaceOne} conditional on the stored {@code revision}.
 */
public final class MongoLaunchSessions implements LaunchSessionRepository {
  /** The collection of launch sessions. */
  public static final String COLLECTION = "launchSessions";

  private final MongoCollection<Document> collection;

  /** Uses the collection in {@code database} and creates its indexes. */
  public MongoLaunchSessions(MongoDatabase database) {
    this.collection = database.getCollection(COLLECTION);
    collection.createIndex(
        Indexes.ascending("tenantId", "courseId", "sessionId"),
        new IndexOptions().unique(true).name("tenant_course_session"));
    collection.createIndex(
        Indexes.ascending("tenantId", "courseId", "version"),
        new IndexOptions().name("tenant_course_version"));
  }

  @Override
  public boolean insert(LaunchSession session) {
    try {
      collection.insertOne(toDocument(session));
      return true;
    } catch (MongoException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Optional<LaunchSession> find(String tenantId, String courseId, String sessionId) {
    return Optional.ofNullable(collection.find(key(tenantId, courseId, sessionId)).first())
        .map(MongoLaunchSessions::fromDocument);
  }

  @Override
  public boolean replace(LaunchSession session, long expectedRevision) {
    Bson filter =
        and(
            key(session.tenantId(), session.courseId(), session.sessionId()),
            eq("revision", expectedRevision));
    return collection.replaceOne(filter, toDocument(session)).getMatchedCount() == 1;
  }

  @Override
  public long count(String tenantId, String courseId, Integer version) {
    Bson filter = and(eq("tenantId", tenantId), eq("courseId", courseId));
    if (version != null) {
      filter = and(filter, eq("version", version));
    }
    return collection.countDocuments(filter);
  }

  /**
   * One aggregation: the tenant's sessions of the courses, grouped and counted by course (real
   * MongoDB reads them from the tenant_course_version index).
   */
  @Override
  public Map<String, Long> countEach(String tenantId, Collection<String> courseIds) {
    Map<String, Long> counts = new HashMap<>();
    if (courseIds.isEmpty()) {
      return counts;
    }
    collection
        .aggregate(
            List.of(
                Aggregates.match(and(eq("tenantId", tenantId), in("courseId", courseIds))),
                Aggregates.group("$courseId", Accumulators.sum("n", 1))))
        .batchSize(courseIds.size())
        .forEach(d -> counts.put(d.getString("_id"), ((Number) d.get("n")).longValue()));
    return counts;
  }

  @Override
  public long deleteForCourse(String tenantId, String courseId) {
    return collection
        .deleteMany(and(eq("tenantId", tenantId), eq("courseId", courseId)))
        .getDeletedCount();
  }

  @Override
  public long deleteForVersion(String tenantId, String courseId, int version) {
    return collection
        .deleteMany(and(eq("tenantId", tenantId), eq("courseId", courseId), eq("version", version)))
        .getDeletedCount();
  }

  private static Bson key(String tenantId, String courseId, String sessionId) {
    return and(eq("tenantId", tenantId), eq("courseId", courseId), eq("sessionId", sessionId));
  }

  static Document toDocument(LaunchSession s) {
    return new Document("tenantId", s.tenantId())
        .append("courseId", s.courseId())
        .append("sessionId", s.sessionId())
        .append("version", s.version())
        .append("registrationId", s.registrationId())
        .append("userId", s.userId())
        .append("standard", s.standard())
        .append("completionStatus", s.completionStatus())
        .append("successStatus", s.successStatus())
        .append("scoreScaled", s.scoreScaled())
        .append("scoreRaw", s.scoreRaw())
        .append("location", s.location())
        .append("lastItemId", s.lastItemId())
        .append("totalTimeMillis", millis(s.totalTime()))
        .append("scos", s.scos().values().stream().map(MongoLaunchSessions::toDocument).toList())
        .append("launchCount", s.launchCount())
        .append("revision", s.revision())
        .append("created", date(s.created()))
        .append("updated", date(s.updated()));
  }

  private static Document toDocument(ScoState sco) {
    return new Document("itemId", sco.itemId())
        .append("cmiJson", sco.cmiJson())
        .append("completionStatus", sco.completionStatus())
        .append("successStatus", sco.successStatus())
        .append("scoreScaled", sco.scoreScaled())
        .append("scoreRaw", sco.scoreRaw())
        .append("location", sco.location())
        .append("suspendData", sco.suspendData())
        .append("exit", sco.exit())
        .append("totalTimeMillis", millis(sco.totalTime()))
        .append("attemptKey", sco.attemptKey())
        .append("lastSessionTimeMillis", millis(sco.lastSessionTime()))
        .append("seq", sco.seq())
        .append("closedAttemptKeys", sco.closedAttemptKeys());
  }

  static LaunchSession fromDocument(Document d) {
    Map<String, ScoState> scos = new LinkedHashMap<>();
    for (Document sco : documents(d, "scos")) {
      ScoState state = scoFromDocument(sco);
      scos.put(state.itemId(), state);
    }
    return new LaunchSession(
        d.getString("tenantId"),
        d.getString("courseId"),
        intValue(d, "version"),
        d.getString("sessionId"),
        d.getString("registrationId"),
        d.getString("userId"),
        d.getString("standard"),
        d.getString("completionStatus"),
        d.getString("successStatus"),
        doubleOrNull(d, "scoreScaled"),
        doubleOrNull(d, "scoreRaw"),
        d.getString("location"),
        d.getString("lastItemId"),
        Duration.ofMillis(longValue(d, "totalTimeMillis")),
        scos,
        intValue(d, "launchCount"),
        longValue(d, "revision"),
        instant(d, "created"),
        instant(d, "updated"));
  }

  private static ScoState scoFromDocument(Document d) {
    List<String> closed = strings(d, "closedAttemptKeys");
    return new ScoState(
        d.getString("itemId"),
        d.getString("cmiJson"),
        d.getString("completionStatus"),
        d.getString("successStatus"),
        doubleOrNull(d, "scoreScaled"),
        doubleOrNull(d, "scoreRaw"),
        d.getString("location"),
        d.getString("suspendData"),
        d.getString("exit"),
        Duration.ofMillis(longValue(d, "totalTimeMillis")),
        d.getString("attemptKey"),
        Duration.ofMillis(longValue(d, "lastSessionTimeMillis")),
        longValue(d, "seq"),
        closed);
  }

  private static long millis(Duration d) {
    return d == null ? 0 : d.toMillis();
  }

  private static Double doubleOrNull(Document d, String key) {
    Object v = d.get(key);
    return v instanceof Number n ? n.doubleValue() : null;
  }
}
