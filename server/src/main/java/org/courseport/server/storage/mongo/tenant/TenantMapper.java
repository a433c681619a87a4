package org.courseport.server.storage.mongo.tenant;

import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;

import org.bson.Document;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Plan;
import org.courseport.server.domain.tenant.Tenant;

/** Maps tenants and API keys to the {@code tenants} and {@code apiKeys} collections. */
final class TenantMapper {
  static final String TENANT_ID = "tenantId";
  static final String KEY_ID = "keyId";
  static final String PLAN = "plan";

  private TenantMapper() {}

  static Document toDocument(Tenant tenant) {
    return new Document(TENANT_ID, tenant.id())
        .append("name", tenant.name())
        .append("created", date(tenant.created()))
        .append(PLAN, tenant.plan() == null ? null : tenant.plan().wireName());
  }

  static Tenant tenant(Document doc) {
    return new Tenant(
        doc.getString(TENANT_ID),
        doc.getString("name"),
        instant(doc, "created"),
        Plan.byName(doc.getString(PLAN)).orElse(null));
  }

  static Document toDocument(ApiKey key) {
    return new Document(KEY_ID, key.keyId())
        .append(TENANT_ID, key.tenantId())
        .append("secretHash", key.secretHash())
        .append("created", date(key.created()));
  }

  static ApiKey apiKey(Document doc) {
    return new ApiKey(
        doc.getString(KEY_ID),
        doc.getString(TENANT_ID),
        doc.getString("secretHash"),
        instant(doc, "created"));
  }
}
