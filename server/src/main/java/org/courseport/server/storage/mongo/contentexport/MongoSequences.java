package org.courseport.server.storage.mongo.contentexport;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.courseport.server.storage.mongo.support.DocumentValues;
import org.courseport.server.storage.mongo.support.DuplicateKeys;

/**
 * Integer sequences per tenant in the {@code canvasCounters} collection: one document per tenant
 * and sequence, advanced by one {@code findOneAndUpdate} with {@code $inc} (upserted on first use).
 */
public final class MongoSequences {
  public static final String COLLECTION = "canvasCounters";
  private final MongoCollection<Document> counters;

  public MongoSequences(MongoDatabase database) {
    this.counters = database.getCollection(COLLECTION);
  }

  /** The next value of the tenant's sequence, from 1. */
  public int next(String tenantId, String sequence) {
    String id = sequence + ":" + tenantId;
    // BEFORE: the document as this increment found it (null when this call created it); an
    // AFTER document could already carry a concurrent increment.
    FindOneAndUpdateOptions options =
        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE);
    for (int attempt = 0; ; attempt++) {
      try {
        Document before =
            counters.findOneAndUpdate(Filters.eq("_id", id), Updates.inc("value", 1), options);
        long value = before == null ? 1 : DocumentValues.longValue(before, "value") + 1;
        if (value > Integer.MAX_VALUE) {
          throw new IllegalStateException("sequence " + id + " is exhausted");
        }
        return (int) value;
      } catch (MongoException e) {
        // Two first uses racing: one upsert loses on the unique _id; it increments the winner's.
        if (!DuplicateKeys.isDuplicateKey(e) || attempt >= 3) {
          throw e;
        }
      }
    }
  }
}
