package org.courseport.server.storage.mongo.tenant;

import static org.courseport.server.storage.mongo.tenant.TenantMapper.KEY_ID;
import static org.courseport.server.storage.mongo.tenant.TenantMapper.TENANT_ID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Plan;
import org.courseport.server.domain.tenant.Tenant;
import org.courseport.server.domain.tenant.TenantRepository;
import org.courseport.server.storage.mongo.support.DocumentValues;
import org.courseport.server.storage.mongo.support.DuplicateKeys;

/** {@link TenantRepository} on the {@code tenants} and {@code apiKeys} collections. */
public final class MongoTenantRepository implements TenantRepository {
  private final MongoCollection<Document> tenants;
  private final MongoCollection<Document> keys;

  public MongoTenantRepository(MongoCollection<Document> tenants, MongoCollection<Document> keys) {
    this.tenants = tenants;
    this.keys = keys;
  }

  /**
   * The rate limiter counting in these key documents ({@link MongoKeyRateLimiter}), whose count
   * reads the key in the same round trip.
   */
  public MongoKeyRateLimiter keyRateLimiter(java.time.Clock clock) {
    return new MongoKeyRateLimiter(keys, clock);
  }

  public void createIndexes() {
    tenants.createIndex(
        Indexes.ascending(TENANT_ID), new IndexOptions().unique(true).name("tenantId_unique"));
    keys.createIndex(
        Indexes.ascending(KEY_ID), new IndexOptions().unique(true).name("keyId_unique"));
    keys.createIndex(
        Indexes.ascending(TENANT_ID, TenantMapper.CREATED, KEY_ID),
        new IndexOptions().name("tenantId_created_keyId"));
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

  @Override
  public List<Tenant> listTenants(String afterTenantId, int limit) {
    Bson filter =
        afterTenantId == null || afterTenantId.isEmpty()
            ? new Document()
            : Filters.gt(TENANT_ID, afterTenantId);
    return tenants
        .find(filter)
        .sort(Sorts.ascending(TENANT_ID))
        .limit(limit)
        .map(TenantMapper::tenant)
        .into(new ArrayList<>());
  }

  @Override
  public List<ApiKey> listKeys(String tenantId) {
    return keys.find(Filters.eq(TENANT_ID, tenantId))
        .sort(Sorts.ascending(TenantMapper.CREATED, KEY_ID))
        .map(TenantMapper::apiKey)
        .into(new ArrayList<>());
  }

  @Override
  public Optional<ApiKey> rotateKey(
      String keyId, String expectedHash, String newHash, Instant previousValidUntil) {
    Document updated =
        keys.findOneAndUpdate(
            Filters.and(
                Filters.eq(KEY_ID, keyId),
                Filters.eq(TenantMapper.SECRET_HASH, expectedHash),
                Filters.eq(TenantMapper.REVOKED_AT, null)),
            Updates.combine(
                Updates.set(TenantMapper.SECRET_HASH, newHash),
                Updates.set(TenantMapper.PREVIOUS_SECRET_HASH, expectedHash),
                Updates.set(
                    TenantMapper.PREVIOUS_VALID_UNTIL, DocumentValues.date(previousValidUntil))),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    return Optional.ofNullable(updated).map(TenantMapper::apiKey);
  }

  @Override
  public Optional<ApiKey> revokeKey(String keyId, Instant at) {
    Document updated =
        keys.findOneAndUpdate(
            Filters.and(Filters.eq(KEY_ID, keyId), Filters.eq(TenantMapper.REVOKED_AT, null)),
            Updates.set(TenantMapper.REVOKED_AT, DocumentValues.date(at)),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    return Optional.ofNullable(updated).map(TenantMapper::apiKey);
  }

  @Override
  public boolean grantScopesIfUnset(String keyId, Set<String> scopes) {
    return keys.updateOne(
                Filters.and(Filters.eq(KEY_ID, keyId), Filters.exists(TenantMapper.SCOPES, false)),
                Updates.set(TenantMapper.SCOPES, new ArrayList<>(new TreeSet<>(scopes))))
            .getModifiedCount()
        == 1;
  }

  @Override
  public long countLiveKeysWithScope(String scope) {
    return keys.countDocuments(
        Filters.and(
            Filters.eq(TenantMapper.SCOPES, scope), Filters.eq(TenantMapper.REVOKED_AT, null)));
  }
}
