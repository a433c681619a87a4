package org.courseport.server.storage.mongo.contentexport;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.security.SecureRandom;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.types.Binary;
import org.courseport.server.storage.mongo.support.DuplicateKeys;

/**
 * The secret key of content export download tokens, in the {@code contentExportKeys} collection: 32
 * random bytes made on first use (the first insert wins; every replica reads the same key).
 */
public final class MongoTokenKey implements Supplier<byte[]> {
  public static final String COLLECTION = "contentExportKeys";
  private static final String ID = "download-token-key";
  private final MongoCollection<Document> keys;
  private volatile byte[] key;

  public MongoTokenKey(MongoDatabase database) {
    this.keys = database.getCollection(COLLECTION);
  }

  @Override
  public byte[] get() {
    byte[] k = key;
    if (k == null) {
      k = load();
      key = k;
    }
    return k.clone();
  }

  private synchronized byte[] load() {
    Document found = keys.find(Filters.eq("_id", ID)).first();
    if (found == null) {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      try {
        keys.insertOne(new Document("_id", ID).append("key", new Binary(fresh)));
      } catch (MongoException e) {
        if (!DuplicateKeys.isDuplicateKey(e)) {
          throw e;
        }
      }
      found = keys.find(Filters.eq("_id", ID)).first();
    }
    Object value = found.get("key");
    return value instanceof Binary b ? b.getData() : (byte[]) value;
  }
}
