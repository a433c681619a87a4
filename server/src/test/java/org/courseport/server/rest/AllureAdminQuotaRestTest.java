package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.rest.AllureTenantClient.assertQuotaExceeded;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-tenant quota overrides through the admin method (operator token). */
class AllureAdminQuotaRestTest {
  static final String ADMIN = "operator-token-0123456789";

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension().with("COURSEPORT_ADMIN_TOKEN", ADMIN);

  private final AllureTenantClient tenant = new AllureTenantClient(server);
  private final String key = tenant.key();
  private final String tenantId = tenant.tenantId();

  @Test
  void override_limitsOneTenant_andLeavesTheOthersOnTheDefaults() {
    JsonNode set =
        tenant.send(
            "PUT",
            "/api/v1/admin/tenants/" + tenantId + "/quota",
            "Bearer " + ADMIN,
            Map.of("max_packages", 1));
    assertThat(set.get("status").asInt()).as("%s", set).isEqualTo(200);
    assertThat(set.get("tenant_id").asText()).isEqualTo(tenantId);
    assertThat(set.get("max_packages").asLong()).isEqualTo(1);
    assertThat(set.get("max_stored_bytes").asLong()).isZero();

    JsonNode a1 = tenant.process(tenant.store(TestPackages.scorm12("A1")), Map.of());
    assertThat(a1.get("status").asInt()).as("%s", a1).isEqualTo(200);
    assertQuotaExceeded(tenant.process(tenant.store(TestPackages.scorm12("A2")), Map.of()));

    AllureTenantClient other = new AllureTenantClient(server);
    assertThat(
            other.process(other.store(TestPackages.scorm12("B1")), Map.of()).get("status").asInt())
        .isEqualTo(200);
    assertThat(
            other.process(other.store(TestPackages.scorm12("B2")), Map.of()).get("status").asInt())
        .isEqualTo(200);
  }

  @Test
  void override_withAnApiKeyOrAWrongToken_isUnauthorized_andAnUnknownTenantIsNotFound() {
    String path = "/api/v1/admin/tenants/" + tenantId + "/quota";
    JsonNode apiKey = tenant.send("PUT", path, "Bearer " + key, Map.of("max_packages", 1));
    assertThat(apiKey.get("status").asInt()).as("%s", apiKey).isEqualTo(401);
    assertThat(apiKey.get("error").asText()).isEqualTo("Unauthorized");
    assertThat(tenant.send("PUT", path, "Bearer wrong", Map.of()).get("status").asInt())
        .isEqualTo(401);

    JsonNode unknown =
        tenant.send(
            "PUT",
            "/api/v1/admin/tenants/" + java.util.UUID.randomUUID() + "/quota",
            "Bearer " + ADMIN,
            Map.of("max_packages", 1));
    assertThat(unknown.get("status").asInt()).isEqualTo(404);
    assertThat(unknown.get("code").asText()).isEqualTo("TENANT_NOT_FOUND");
  }
}
