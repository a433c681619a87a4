package org.courseport.server.storage.mongo.coursepackage;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.courseport.server.domain.coursepackage.SigningKey;
import org.courseport.server.domain.coursepackage.SigningKeyRepository;

/** {@link SigningKeyRepository} on collection {@code uploadSigningKeys}. */
public final class MongoSigningKeyRepository implements SigningKeyRepository {
  static final String COLLECTION = "uploadSigningKeys";

  private final MongoCollection<Document> keys;

  public MongoSigningKeyRepository(MongoDatabase database) {
    this(database, COLLECTION);
  }

  /** Keys in another collection, for URLs with a lifetime of their own (lesson export files). */
  public MongoSigningKeyRepository(MongoDatabase database, String collection) {
    this.keys = database.getCollection(collection);
  }

  @Override
  public List<SigningKey> all() {
    List<SigningKey> out = new ArrayList<>();
    for (Document d : keys.find().sort(Sorts.descending("created"))) {
      out.add(
          new SigningKey(
              d.getString("_id"), d.getString("secret"), d.getDate("created").toInstant()));
    }
    return out;
  }

  @Override
  public void insert(SigningKey key) {
    keys.insertOne(
        new Document("_id", key.keyId())
            .append("secret", key.secret())
            .append("created", Date.from(key.created())));
  }

  @Override
  public void deleteCreatedBefore(Instant cutoff) {
    keys.deleteMany(Filters.lt("created", Date.from(cutoff)));
  }
}
