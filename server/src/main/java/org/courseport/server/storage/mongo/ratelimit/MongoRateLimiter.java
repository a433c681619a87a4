package org.courseport.server.storage.mongo.ratelimit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.courseport.server.domain.ratelimit.RateLimiter;

/**
 * {@link RateLimiter} in the {@code rateLimits} collection: one document per caller, route and
 * fixed window ({@code _id} = caller|route|window start). The window is created with an upsert
 * ({@code $setOnInsert} count 0), then each request is one conditional {@code $inc} that matches
 * only while the count is under the limit, so concurrent requests on any replica never pass more
 * than the limit. The request that creates a window deletes the windows that have ended (by query;
 * no TTL index needed).
 */
public final class MongoRateLimiter implements RateLimiter {
  /** The collection. */
  public static final String COLLECTION = "rateLimits";

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
    if (createWindow(id, caller, route, start, end)) {
      windows.deleteMany(Filters.lte("windowEnd", new Date(start)));
    }
    // One conditional single-document update: counts the request only while under the limit, so
    // concurrent requests on any replica never let more than the limit through.
    boolean allowed =
        windows
                .updateOne(
                    Filters.and(
                        Filters.eq("_id", id), Filters.lt("count", (long) limit.requests())),
                    Updates.inc("count", 1L))
                .getModifiedCount()
            == 1;
    long retryAfter = Math.max(1, (end - now.toEpochMilli() + 999) / 1000);
    return new Decision(allowed, retryAfter);
  }

  /** Creates the window's document with count 0; false when it exists already. */
  private boolean createWindow(String id, String caller, String route, long start, long end) {
    UpdateResult r =
        windows.updateOne(
            Filters.eq("_id", id),
            Updates.combine(
                Updates.setOnInsert("count", 0L),
                Updates.setOnInsert("caller", caller),
                Updates.setOnInsert("route", route),
                Updates.setOnInsert("windowStart", new Date(start)),
                Updates.setOnInsert("windowEnd", new Date(end))),
            new UpdateOptions().upsert(true));
    return r.getUpsertedId() != null;
  }
}
