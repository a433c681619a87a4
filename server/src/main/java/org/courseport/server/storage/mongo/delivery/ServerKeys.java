package org.courseport.server.storage.mongo.delivery;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.security.SecureRandom;
import java.util.Base64;
import org.bson.Document;

/**
 * The key that encrypts webhook secrets: from configuration ({@code COURSEPORT_WEBHOOK_SECRET_KEY},
 * base64 of 32 bytes) when set, else one generated once and kept in the store's {@code server_keys}
 * collection, shared by every replica (the first insert wins).
 */
public final class ServerKeys {
  static final String COLLECTION = "server_keys";
  static final String WEBHOOK_SECRETS = "webhook-secrets";

  private ServerKeys() {}

  /** The configured key, or the store's (created on first use). */
  public static byte[] webhookSecretKey(String configured, MongoDatabase database) {
    if (configured != null) {
      byte[] key = Base64.getDecoder().decode(configured.trim());
      if (key.length != 32) {
        throw new IllegalArgumentException(
            "COURSEPORT_WEBHOOK_SECRET_KEY must be the base64 of 32 bytes, got " + key.length);
      }
      return key;
    }
    MongoCollection<Document> keys = database.getCollection(COLLECTION);
    Document stored = keys.find(eq("_id", WEBHOOK_SECRETS)).first();
    if (stored == null) {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      try {
        keys.insertOne(
            new Document("_id", WEBHOOK_SECRETS)
                .append("key", Base64.getEncoder().encodeToString(fresh)));
      } catch (MongoWriteException e) {
        // another replica inserted it first: use theirs
      }
      stored = keys.find(eq("_id", WEBHOOK_SECRETS)).first();
    }
    return Base64.getDecoder().decode(stored.getString("key"));
  }
}
