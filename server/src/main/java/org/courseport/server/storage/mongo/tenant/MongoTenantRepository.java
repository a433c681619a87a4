package org.courseport.server.storage.mongo.tenant;

import static org.courseport.server.storage.mongo.tenant.TenantMapper.KEY_ID;
import static org.courseport.server.storage.mongo.tenant.TenantMapper.TENANT_ID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.util.Optional;
import org.bson.Document;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Plan;
import org.courseport.server.domain.tenant.Tenant;
import org.courseport.server.domain.tenant.TenantRepository;
import org.courseport.server.storage.mongo.support.DuplicateKeys;

/** {@link TenantRepository} on the {@code tenants} and {@code apiKeys} collections. */
public final class MongoTenantRepository implements TenantRepository {
  private final MongoCollection<Document> tenants;
  private final MongoCollection<Document> keys;

  public MongoTenantRepository(MongoCollection<Document> tenants, MongoCollection<Document> keys) {
    this.tenants = tenants;
    this.keys = keys;
  }

  public void createIndexes() {
    tenants.createIndex(
        Indexes.ascending(TENANT_ID), new IndexOptions().unique(true).name("tenantId_unique"));
    keys.createIndex(
        Indexes.ascending(KEY_ID), new IndexOptions().unique(true).name("keyId_unique"));
  }

  @Override
  public void insertTenant(Tenant tenant) {
    DuplicateKeys.insert(
        () -> tenants.insertOne(TenantMapper.toDocument(tenant)),
        "TENANT_EXISTS",
        "tenant '" + tenant.id() + "' already exists");
  }

  @Override
  public Optional<Tenant> findTenant(String tenantId) {
    return Optional.ofNullable(tenants.find(Filters.eq(TENANT_ID, tenantId)).first())
        .map(TenantMapper::tenant);
  }

  @Override
  public long countTenants() {
    return tenants.countDocuments();
  }

  @Override
  public boolean updatePlan(String tenantId, Plan plan) {
    return tenants
            .updateOne(
                Filters.eq(TENANT_ID, tenantId), Updates.set(TenantMapper.PLAN, plan.wireName()))
            .getMatchedCount()
        > 0;
  }

  @Override
  public void insertKey(ApiKey key) {
    DuplicateKeys.insert(
        () -> keys.insertOne(TenantMapper.toDocument(key)),
        "API_KEY_EXISTS",
        "API key '" + key.keyId() + "' already exists");
  }

  @Override
  public Optional<ApiKey> findKey(String keyId) {
    return Optional.ofNullable(keys.find(Filters.eq(KEY_ID, keyId)).first())
        .map(TenantMapper::apiKey);
  }
}
