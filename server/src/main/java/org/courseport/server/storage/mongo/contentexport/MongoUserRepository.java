package org.courseport.server.storage.mongo.contentexport;

import static com.mongodb.client.model.Filters.eq;
import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;
import static org.courseport.server.storage.mongo.support.DocumentValues.intValue;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Instant;
import org.bson.Document;
import org.courseport.server.domain.contentexport.User;
import org.courseport.server.domain.contentexport.UserRepository;
import org.courseport.server.storage.mongo.support.DuplicateKeys;

/**
 * Users in the {@code canvasUsers} collection, one per tenant keyed by the tenant id; the first use
 * takes the tenant's next user id and inserts it (a racing first use loses on the unique _id and
 * reads the winner's).
 */
public final class MongoUserRepository implements UserRepository {
  public static final String COLLECTION = "canvasUsers";
  private final MongoCollection<Document> users;
  private final MongoSequences sequences;

  public MongoUserRepository(MongoDatabase database) {
    this.users = database.getCollection(COLLECTION);
    this.sequences = new MongoSequences(database);
  }

  @Override
  public User ownerOf(String tenantId, Instant now) {
    Document found = users.find(eq("_id", tenantId)).first();
    if (found == null) {
      int id = sequences.next(tenantId, "user");
      try {
        users.insertOne(
            new Document("_id", tenantId)
                .append("id", id)
                .append("name", "Owner of " + tenantId)
                .append("created", date(now)));
      } catch (MongoException e) {
        if (!DuplicateKeys.isDuplicateKey(e)) {
          throw e;
        }
      }
      found = users.find(eq("_id", tenantId)).first();
    }
    return new User(
        tenantId, intValue(found, "id"), found.getString("name"), instant(found, "created"));
  }
}
