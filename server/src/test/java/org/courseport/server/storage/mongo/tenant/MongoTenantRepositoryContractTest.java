package org.courseport.server.storage.mongo.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Scopes;
import org.courseport.server.domain.tenant.Tenant;
import org.courseport.server.domain.tenant.TenantRepository;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.MongoStoreContractTest;
import org.junit.jupiter.api.Test;

/** Contract of {@link MongoTenantRepository}. */
abstract class MongoTenantRepositoryContractTest extends MongoStoreContractTest {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00.789Z");
  static final String HASH = "pbkdf2-sha256$310000$c2FsdA$aGFzaA";

  TenantRepository tenants() {
    return store.tenants();
  }

  @Test
  void insertedTenantIsFoundAndCounted() {
    Tenant tenant = new Tenant("t1", "Acme Learning", T0);
    tenants().insertTenant(tenant);
    tenants().insertTenant(new Tenant("t2", "Other", T0));

    assertThat(tenants().findTenant("t1")).contains(tenant);
    assertThat(tenants().findTenant("t3")).isEmpty();
    assertThat(tenants().countTenants()).isEqualTo(2);
  }

  @Test
  void secondTenantWithSameIdIsRefused() {
    tenants().insertTenant(new Tenant("t1", "Acme", T0));

    assertThatThrownBy(() -> tenants().insertTenant(new Tenant("t1", "Impostor", T0)))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DomainException.Kind.ALREADY_EXISTS);
              assertThat(e.reason()).isEqualTo("TENANT_EXISTS");
            });
    assertThat(tenants().findTenant("t1").orElseThrow().name()).isEqualTo("Acme");
  }

  @Test
  void insertedKeyIsFoundByItsId() {
    ApiKey key = new ApiKey("KEY1", "t1", HASH, T0);
    tenants().insertKey(key);

    assertThat(tenants().findKey("KEY1")).contains(key);
    assertThat(tenants().findKey("key1")).isEmpty();
  }

  @Test
  void keyIdIsUniqueAcrossTenants() {
    tenants().insertKey(new ApiKey("KEY1", "t1", HASH, T0));

    assertThatThrownBy(() -> tenants().insertKey(new ApiKey("KEY1", "t2", HASH, T0)))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DomainException.Kind.ALREADY_EXISTS);
              assertThat(e.reason()).isEqualTo("API_KEY_EXISTS");
            });
    assertThat(tenants().findKey("KEY1").orElseThrow().tenantId()).isEqualTo("t1");
  }

  static final String HASH2 = "pbkdf2-sha256$310000$c2FsdDI$aGFzaDI";
  static final String HASH3 = "pbkdf2-sha256$310000$c2FsdDM$aGFzaDM";

  private ApiKey key(String id, String tenant, Instant created, Set<String> scopes) {
    return new ApiKey(id, tenant, HASH, created, "label " + id, scopes, null, null, null);
  }

  private Document keyDocument(String keyId) {
    return store
        .database()
        .getCollection(MongoStore.API_KEYS)
        .find(new Document("keyId", keyId))
        .first();
  }

  @Test
  void keyWithNameScopesAndRotationFields_roundTrips() {
    ApiKey key =
        new ApiKey(
            "KEY1",
            "t1",
            HASH,
            T0,
            "ci deploy",
            Set.of("read:course", "admin"),
            T0.plusSeconds(30),
            HASH2,
            T0.plusSeconds(60));
    tenants().insertKey(key);

    ApiKey read = tenants().findKey("KEY1").orElseThrow();
    assertThat(read.name()).isEqualTo("ci deploy");
    assertThat(read.scopes()).containsExactlyInAnyOrder("read:course", "admin");
    assertThat(read.revokedAt()).isEqualTo(T0.plusSeconds(30).truncatedTo(ChronoUnit.MILLIS));
    assertThat(read.previousSecretHash()).isEqualTo(HASH2);
    assertThat(read.previousValidUntil())
        .isEqualTo(T0.plusSeconds(60).truncatedTo(ChronoUnit.MILLIS));
    Document doc = keyDocument("KEY1");
    assertThat(doc.getList("scopes", String.class)).containsExactly("admin", "read:course");
    assertThat(doc.getString("secretHash")).isEqualTo(HASH);
  }

  @Test
  void keyStoredBeforeScopesExisted_readsAsLiveUnnamedKeyWithTheDefaultScopes() {
    store
        .database()
        .getCollection(MongoStore.API_KEYS)
        .insertOne(
            new Document("keyId", "OLD")
                .append("tenantId", "t1")
                .append("secretHash", HASH)
                .append("created", Date.from(T0)));

    ApiKey read = tenants().findKey("OLD").orElseThrow();
    assertThat(read.name()).isEmpty();
    assertThat(read.scopes()).isEqualTo(Scopes.TENANT_DEFAULT);
    assertThat(read.revoked()).isFalse();
    assertThat(read.previousSecretHash()).isNull();
    assertThat(read.previousValidUntil()).isNull();
    // Old documents are revocable and rotatable by the same conditional updates.
    assertThat(tenants().rotateKey("OLD", HASH, HASH2, T0.plusSeconds(5))).isPresent();
    assertThat(tenants().revokeKey("OLD", T0.plusSeconds(6))).isPresent();
    assertThat(tenants().findKey("OLD").orElseThrow().revoked()).isTrue();
  }

  @Test
  void listTenants_pagesInIdOrderAfterTheCursor() {
    for (String id : List.of("c", "a", "e", "b", "d")) {
      tenants().insertTenant(new Tenant(id, "Tenant " + id, T0));
    }

    List<Tenant> first = tenants().listTenants(null, 2);
    assertThat(first).extracting(Tenant::id).containsExactly("a", "b");
    List<Tenant> second = tenants().listTenants("b", 2);
    assertThat(second).extracting(Tenant::id).containsExactly("c", "d");
    assertThat(tenants().listTenants("d", 2)).extracting(Tenant::id).containsExactly("e");
    assertThat(tenants().listTenants("e", 2)).isEmpty();
    assertThat(second.get(0).name()).isEqualTo("Tenant c");
  }

  @Test
  void listKeys_returnsOnlyTheTenantsKeys_oldestFirst() {
    tenants().insertKey(key("K2", "t1", T0.plusSeconds(2), Set.of("read")));
    tenants().insertKey(key("K1", "t1", T0.plusSeconds(1), Set.of("admin")));
    tenants().insertKey(key("K3", "t2", T0, Set.of("read")));

    assertThat(tenants().listKeys("t1")).extracting(ApiKey::keyId).containsExactly("K1", "K2");
    assertThat(tenants().listKeys("t3")).isEmpty();
  }

  @Test
  void rotateKey_onlyWhenTheHashIsStillTheOneRead() {
    tenants().insertKey(key("K1", "t1", T0, Set.of("read")));
    Instant until = T0.plusSeconds(86_400);

    ApiKey rotated = tenants().rotateKey("K1", HASH, HASH2, until).orElseThrow();
    assertThat(rotated.secretHash()).isEqualTo(HASH2);
    assertThat(rotated.previousSecretHash()).isEqualTo(HASH);
    assertThat(rotated.previousValidUntil()).isEqualTo(until);
    assertThat(rotated.name()).isEqualTo("label K1");

    // A second rotation that read the old hash loses: nothing changes.
    assertThat(tenants().rotateKey("K1", HASH, HASH3, until)).isEmpty();
    Document doc = keyDocument("K1");
    assertThat(doc.getString("secretHash")).isEqualTo(HASH2);
    assertThat(doc.getString("previousSecretHash")).isEqualTo(HASH);
    assertThat(tenants().rotateKey("NOPE", HASH, HASH3, until)).isEmpty();
  }

  @Test
  void revokeKey_once_andRevokedKeysCannotBeRotated() {
    tenants().insertKey(key("K1", "t1", T0, Set.of("read")));

    ApiKey revoked = tenants().revokeKey("K1", T0.plusSeconds(9)).orElseThrow();
    assertThat(revoked.revokedAt()).isEqualTo(T0.plusSeconds(9).truncatedTo(ChronoUnit.MILLIS));
    assertThat(tenants().revokeKey("K1", T0.plusSeconds(20))).isEmpty();
    assertThat(tenants().findKey("K1").orElseThrow().revokedAt())
        .as("the first revocation time stays")
        .isEqualTo(revoked.revokedAt());
    assertThat(tenants().rotateKey("K1", HASH, HASH2, T0.plusSeconds(99))).isEmpty();
    assertThat(keyDocument("K1").getString("secretHash")).isEqualTo(HASH);
    assertThat(tenants().revokeKey("NOPE", T0)).isEmpty();
  }

  @Test
  void countLiveKeysWithScope_ignoresRevokedKeys() {
    tenants().insertKey(key("A1", "t1", T0, Set.of("admin", "read")));
    tenants().insertKey(key("A2", "t2", T0, Set.of("admin")));
    tenants().insertKey(key("R1", "t1", T0, Set.of("read")));
    assertThat(tenants().countLiveKeysWithScope(Scopes.ADMIN)).isEqualTo(2);

    tenants().revokeKey("A2", T0);
    assertThat(tenants().countLiveKeysWithScope(Scopes.ADMIN)).isEqualTo(1);
  }

  @Test
  void grantScopesIfUnset_changesOnlyAKeyStoredWithoutScopes() {
    store
        .database()
        .getCollection(MongoStore.API_KEYS)
        .insertOne(
            new Document("keyId", "OLD")
                .append("tenantId", "default")
                .append("secretHash", HASH)
                .append("created", Date.from(T0)));
    tenants().insertKey(key("NEW", "default", T0, Set.of("read")));

    assertThat(tenants().grantScopesIfUnset("OLD", Set.of("read", "admin"))).isTrue();
    assertThat(tenants().findKey("OLD").orElseThrow().scopes())
        .containsExactlyInAnyOrder("read", "admin");
    assertThat(tenants().grantScopesIfUnset("OLD", Set.of("delete"))).isFalse();
    assertThat(tenants().grantScopesIfUnset("NEW", Set.of("admin"))).isFalse();
    assertThat(tenants().findKey("NEW").orElseThrow().scopes()).containsExactly("read");
    assertThat(tenants().grantScopesIfUnset("NOPE", Set.of("admin"))).isFalse();
  }
}
