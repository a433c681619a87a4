package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.rest.AllureTenantClient.assertQuotaExceeded;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tenant quotas of the Allure package API: packages and stored bytes, from configuration. */
class AllureQuotaRestTest {
  static final long MAX_BYTES = 5000;

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          .with("COURSEPORT_QUOTA_MAX_PACKAGES", "1")
          .with("COURSEPORT_QUOTA_MAX_BYTES", Long.toString(MAX_BYTES));

  private final AllureTenantClient tenant = new AllureTenantClient(server);
  private final String key = tenant.key();
  private final String tenantId = tenant.tenantId();

  @Test
  void uploadOverTheBytesQuota_isQuotaExceeded_beforeAnyByteIsKept() {
    JsonNode refused =
        tenant.post("/api/v1/packages/upload-url", tenant.mintBody("big.zip", MAX_BYTES + 1));

    assertQuotaExceeded(refused);
    assertThat(refused.get("message").asText()).contains("Storage quota");
  }

  @Test
  void multipartInitOverTheBytesQuota_isQuotaExceeded() {
    JsonNode refused =
        tenant.post("/api/v1/packages/multipart/init", tenant.mintBody("big.zip", MAX_BYTES + 1));

    assertQuotaExceeded(refused);
    assertThat(refused.get("message").asText()).contains("Storage quota");
  }

  @Test
  void storedBytesCount_towardsTheQuota() {
    byte[] zip = TestPackages.scorm12("First");
    tenant.store(zip);

    JsonNode refused =
        tenant.post(
            "/api/v1/packages/upload-url", tenant.mintBody("next.zip", MAX_BYTES - zip.length + 1));

    assertQuotaExceeded(refused);
  }

  @Test
  void secondPackage_isQuotaExceeded_butARevisionOfTheFirstIsNot() {
    JsonNode first = tenant.process(tenant.store(TestPackages.scorm12("Only One")), Map.of());
    String packageId = first.get("package").get("package_id").asText();

    JsonNode second = tenant.process(tenant.store(TestPackages.scorm12("One Too Many")), Map.of());
    assertQuotaExceeded(second);
    assertThat(second.get("message").asText()).contains("Package quota");

    JsonNode revision =
        tenant.process(
            tenant.store(TestPackages.scorm12("Only One, Again")), Map.of("package_id", packageId));
    assertThat(revision.get("package").get("current_revision").asInt()).isEqualTo(2);
  }

  @Test
  void adminQuotaOverride_withoutAConfiguredToken_isForbidden() {
    JsonNode r =
        tenant.send("PUT", "/api/v1/admin/tenants/" + tenantId + "/quota", "Bearer x", Map.of());

    assertThat(r.get("status").asInt()).as("%s", r).isEqualTo(403);
    assertThat(r.get("code").asText()).isEqualTo("ADMIN_DISABLED");
  }
}
