package org.courseport.server.storage.mongo.ratelimit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.courseport.server.domain.ratelimit.RateLimiter;

/**
 * {@link RateLimiter} in the {@code rateLimits} collection: one document per caller, route class
 * and fixed window ({@code _id} = caller|route|window start).
 *
 * <p>Each request is one round trip: a single-document {@code findOneAndUpdate} with upsert whose
 * filter matches the window only while its count is under the limit, and which {@code $inc}s the
 * count (creating the window with count 1 when there is none). When the window is full the filter
 * matches nothing, the upsert tries to insert a second document with the same {@code _id} and fails
 * with a duplicate key: the request is refused. The same duplicate key happens to the loser of two
 * requests racing to create a window; so one duplicate key is retried once, and a second one (the
 * window then certainly exists) means the window is full. Concurrent requests on any replica
 * therefore never pass more than the limit. The request that opens a window deletes the windows
 * that have ended (by query; no TTL index needed).
 */
public final class MongoRateLimiter implements RateLimiter {
  /** The collection. */
  public static final String COLLECTION = "rateLimits";

  private final MongoCollection<Document> windows;
  private final Clock clock;

  /** Hook for tests: runs before each attempt with its number (0, then 1 for the retry). */
  volatile java.util.function.IntConsumer beforeAttempt = attempt -> {};

  public MongoRateLimiter(MongoDatabase database, Clock clock) {
    this.windows = database.getCollection(COLLECTION);
    this.clock = clock;
    windows.createIndex(Indexes.ascending("windowEnd"), new IndexOptions().name("windowEnd"));
  }

  @Override
  public Decision acquire(String caller, String route, Limit limit) {
    Instant now = clock.instant();
    long windowMillis = limit.window().toMillis();
    long start = Math.floorDiv(now.toEpochMilli(), windowMillis) * windowMillis;
    long end = start + windowMillis;
    long retryAfter = Math.max(1, (end - now.toEpochMilli() + 999) / 1000);
    String id = caller + "|" + route + "|" + start;
    Document window = increment(id, caller, route, start, end, limit.requests());
    if (window == null) {
      return new Decision(false, limit.requests(), 0, retryAfter);
    }
    long count = ((Number) window.get("count")).longValue();
    if (count == 1) {
      // This request opened the window: remove the ones that have ended (any caller's).
      windows.deleteMany(Filters.lte("windowEnd", new Date(start)));
    }
    return new Decision(true, limit.requests(), Math.max(0, limit.requests() - count), retryAfter);
  }

  /** Counts the request; the window after it, or null when the window is full. */
  private Document increment(
      String id, String caller, String route, long start, long end, int requests) {
    for (int attempt = 0; ; attempt++) {
      beforeAttempt.accept(attempt);
      try {
        return windows.findOneAndUpdate(
            Filters.and(Filters.eq("_id", id), Filters.lt("count", (long) requests)),
            Updates.combine(
                Updates.inc("count", 1L),
                Updates.setOnInsert("caller", caller),
                Updates.setOnInsert("route", route),
                Updates.setOnInsert("windowStart", new Date(start)),
                Updates.setOnInsert("windowEnd", new Date(end))),
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
      } catch (MongoServerException e) {
        if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
        if (attempt > 0) {
          return null; // the window exists and its count is at the limit
        }
      }
    }
  }
}
