package org.courseport.server.storage.mongo.coursepackage;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.coursepackage.TenantDirectory;
import org.courseport.server.storage.mongo.MongoStore;

/**
 * {@link TenantDirectory} on the {@code tenants} collection: field {@code uuid}, set once by a
 * conditional update ({@code uuid} absent), so concurrent assignments agree on one value.
 */
public final class MongoTenantDirectory implements TenantDirectory {
  static final String TENANT_ID = "tenantId";
  static final String UUID_FIELD = "uuid";

  private final MongoCollection<Document> tenants;

  public MongoTenantDirectory(MongoDatabase database) {
    this.tenants = database.getCollection(MongoStore.TENANTS);
  }

  @Override
  public String uuidOf(String tenantId) {
    Document doc = tenants.find(eq(TENANT_ID, tenantId)).first();
    if (doc == null) {
      throw DomainException.notFound("TENANT_NOT_FOUND", "Tenant not found");
    }
    String uuid = doc.getString(UUID_FIELD);
    if (uuid != null) {
      return uuid;
    }
    assign(tenantId);
    return tenants.find(eq(TENANT_ID, tenantId)).first().getString(UUID_FIELD);
  }

  @Override
  public Optional<String> tenantIdOf(String uuid) {
    return Optional.ofNullable(tenants.find(eq(UUID_FIELD, uuid)).first())
        .map(d -> d.getString(TENANT_ID));
  }

  @Override
  public int assignMissing() {
    List<String> ids = new ArrayList<>();
    for (Document doc : tenants.find(exists(UUID_FIELD, false))) {
      ids.add(doc.getString(TENANT_ID));
    }
    int assigned = 0;
    for (String id : ids) {
      assigned += assign(id) ? 1 : 0;
    }
    return assigned;
  }

  private boolean assign(String tenantId) {
    return tenants
            .updateOne(
                and(eq(TENANT_ID, tenantId), exists(UUID_FIELD, false)),
                Updates.set(UUID_FIELD, UUID.randomUUID().toString()))
            .getModifiedCount()
        == 1;
  }
}
