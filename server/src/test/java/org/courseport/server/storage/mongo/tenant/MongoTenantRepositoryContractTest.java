package org.courseport.server.storage.mongo.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.tenant.ApiKey;
import org.courseport.server.domain.tenant.Tenant;
import org.courseport.server.domain.tenant.TenantRepository;
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
}
