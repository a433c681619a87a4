package org.courseport.server.storage.mongo.tenant;

import static org.courseport.server.storage.mongo.support.DocumentValues.date;
import static org.courseport.server.storage.mongo.support.DocumentValues.instant;
import static org.courseport.server.storage.mongo.support.DocumentValues.strings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.TreeSet;
import org.bson.Document;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Plan;
import org.courseport.server.domain.tenant.Tenant;

/** Maps tenants and API keys to the {@code tenants} and {@code apiKeys} collections. */
final class TenantMapper {
  static final String TENANT_ID = "tenantId";
  static final String KEY_ID = "keyId";
  static final String PLAN = "plan";
  static final String NAME = "name";
  static final String CREATED = "created";
  static final String SECRET_HASH = "secretHash";
  static final String SCOPES = "scopes";
  static final String REVOKED_AT = "revokedAt";
  static final String PREVIOUS_SECRET_HASH = "previousSecretHash";
  static final String PREVIOUS_VALID_UNTIL = "previousValidUntil";

  /**
   * A key's course epoch: incremented on every key of a tenant after each write to its courses
   * ({@link MongoCourseEpochs}); absent (0) until the first. The admin updates of a key leave it
   * alone, and {@link #apiKey} does not read it.
   */
  static final String COURSE_EPOCH = "ce";

  private TenantMapper() {}

  static Document toDocument(Tenant tenant) {
    return new Document(TENANT_ID, tenant.id())
        .append(NAME, tenant.name())
        .append(CREATED, date(tenant.created()))
        .append(PLAN, tenant.plan() == null ? null : tenant.plan().wireName());
  }

  static Tenant tenant(Document doc) {
    return new Tenant(
        doc.getString(TENANT_ID),
        doc.getString(NAME),
        instant(doc, CREATED),
        Plan.byName(doc.getString(PLAN)).orElse(null));
  }

  /**
   * The key's document. Scopes are stored sorted; the rotation and revocation fields are stored as
   * null while unset, so a conditional update can match them.
   */
  static Document toDocument(ApiKey key) {
    return new Document(KEY_ID, key.keyId())
        .append(TENANT_ID, key.tenantId())
        .append(SECRET_HASH, key.secretHash())
        .append(CREATED, date(key.created()))
        .append(NAME, key.name())
        .append(SCOPES, new ArrayList<>(new TreeSet<>(key.scopes())))
        .append(REVOKED_AT, date(key.revokedAt()))
        .append(PREVIOUS_SECRET_HASH, key.previousSecretHash())
        .append(PREVIOUS_VALID_UNTIL, date(key.previousValidUntil()));
  }

  /**
   * The key in a document. A key stored before names, scopes, revocation and rotation existed reads
   * as an unnamed live key with {@link org.courseport.server.domain.tenant.Scopes#TENANT_DEFAULT}
   * and no previous secret.
   */
  static ApiKey apiKey(Document doc) {
    return new ApiKey(
        doc.getString(KEY_ID),
        doc.getString(TENANT_ID),
        doc.getString(SECRET_HASH),
        instant(doc, CREATED),
        doc.getString(NAME),
        new LinkedHashSet<>(strings(doc, SCOPES)),
        instant(doc, REVOKED_AT),
        doc.getString(PREVIOUS_SECRET_HASH),
        instant(doc, PREVIOUS_VALID_UNTIL));
  }

  /** The key document's course epoch (0 when it has none yet). */
  static long courseEpoch(Document doc) {
    return doc.get(COURSE_EPOCH) instanceof Number n ? Math.max(0, n.longValue()) : 0;
  }
}
