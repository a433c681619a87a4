package org.courseport.server.storage.mongo.ratelimit;

import com.mongodb.MongoException;
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
 * {@link RateLimiter} in the {@code rateLimits} collection: one document per caller, route and
 * fixed window ({@code _id} = caller|route|window start), counted with one atomic upserting {@code
 * findOneAndUpdate $inc}, so concurrent requests on any replica see one count. The first request of
 * a window deletes the windows that have ended (by query; no TTL index needed).
 */
public final class MongoRateLimiter implements RateLimiter {
  /** The collection. */
  public static final String COLLECTION = "rateLimits";

  private static final int DUPLICATE_KEY = 11000;

  private final MongoCollection<Document> windows;
  private final Clock clock;

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
    String id = caller + "|" + route + "|" + start;
    Document counted = increment(id, caller, route, start, end);
    long count = ((Number) counted.get("count")).longValue();
    if (count == 1) {
      windows.deleteMany(Filters.lte("windowEnd", new Date(start)));
    }
    long retryAfter = Math.max(1, (end - now.toEpochMilli() + 999) / 1000);
    return new Decision(count <= limit.requests(), count, retryAfter);
  }

  private Document increment(String id, String caller, String route, long start, long end) {
    FindOneAndUpdateOptions upsert =
        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
    var update =
        Updates.combine(
            Updates.inc("count", 1L),
            Updates.setOnInsert("caller", caller),
            Updates.setOnInsert("route", route),
            Updates.setOnInsert("windowStart", new Date(start)),
            Updates.setOnInsert("windowEnd", new Date(end)));
    try {
      return windows.findOneAndUpdate(Filters.eq("_id", id), update, upsert);
    } catch (MongoException e) {
      // Two first requests of a window raced to insert it: the loser increments the winner's.
      if (e.getCode() != DUPLICATE_KEY) {
        throw e;
      }
      return windows.findOneAndUpdate(Filters.eq("_id", id), update, upsert);
    }
  }
}
