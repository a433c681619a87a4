package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.domain.tenant.Plan;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SetTenantPlan through the real server: {@code PUT /api/v1/admin/tenants/{tenant_id}/plan}. */
class AllureTenantPlanRestTest {
  static final String ADMIN = "operator-token-plan-0123456789";

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension().with("COURSEPORT_ADMIN_TOKEN", ADMIN);

  private final AllureTenantClient tenant = new AllureTenantClient(server);

  private Plan storedPlan(String tenantUuid) {
    var services = server.server().services();
    String internal = services.tenantDirectory().tenantIdOf(tenantUuid).orElseThrow();
    return services.tenants().findTenant(internal).orElseThrow().plan();
  }

  @Test
  void adminSetsAPlan_andTheStoredTenantCarriesIt() {
    String path = "/api/v1/admin/tenants/" + tenant.tenantId() + "/plan";
    JsonNode set = tenant.send("PUT", path, "Bearer " + ADMIN, Map.of("plan", "paid"));
    assertThat(set.get("status").asInt()).as("%s", set).isEqualTo(200);
    assertThat(set.get("tenant_id").asText()).isEqualTo(tenant.tenantId());
    assertThat(set.get("plan").asText()).isEqualTo("paid");
    assertThat(storedPlan(tenant.tenantId())).isEqualTo(Plan.PAID);

    JsonNode free = tenant.send("PUT", path, "Bearer " + ADMIN, Map.of("plan", "free"));
    assertThat(free.get("plan").asText()).isEqualTo("free");
    assertThat(storedPlan(tenant.tenantId())).isEqualTo(Plan.FREE);
  }

  @Test
  void badPlan_isBadRequest_apiKey_isUnauthorized_unknownTenant_isNotFound() {
    String path = "/api/v1/admin/tenants/" + tenant.tenantId() + "/plan";
    JsonNode bad = tenant.send("PUT", path, "Bearer " + ADMIN, Map.of("plan", "gold"));
    assertThat(bad.get("status").asInt()).as("%s", bad).isEqualTo(400);
    assertThat(bad.get("message").asText()).contains("gold", "free", "paid");

    JsonNode apiKey = tenant.send("PUT", path, "Bearer " + tenant.key(), Map.of("plan", "paid"));
    assertThat(apiKey.get("status").asInt()).as("%s", apiKey).isEqualTo(401);

    JsonNode unknown =
        tenant.send(
            "PUT",
            "/api/v1/admin/tenants/00000000-0000-4000-8000-000000000000/plan",
            "Bearer " + ADMIN,
            Map.of("plan", "paid"));
    assertThat(unknown.get("status").asInt()).as("%s", unknown).isEqualTo(404);
  }

  @Test
  void bootstrapTenantIsPaidWithoutAStoredPlan_andOthersGetTheDefaultFree() {
    var services = server.server().services();
    assertThat(services.tenants().findTenant(Bootstrap.DEFAULT_TENANT).orElseThrow().plan())
        .isNull();
    assertThat(services.tenantPlans().planOf(Bootstrap.DEFAULT_TENANT)).isEqualTo(Plan.PAID);
    AllureTenantClient fresh = new AllureTenantClient(server);
    String internal = services.tenantDirectory().tenantIdOf(fresh.tenantId()).orElseThrow();
    assertThat(services.tenantPlans().planOf(internal)).isEqualTo(Plan.FREE);
  }
}
