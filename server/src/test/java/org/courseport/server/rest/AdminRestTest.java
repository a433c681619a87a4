package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.testing.AdjustableClock;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin routes under {@code /api/admin} through the real Armeria front (transcoded
 * AdminService, lowerCamel JSON, AIP-193 error bodies), on a clock the test moves.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AdminRestTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final AdjustableClock clock = new AdjustableClock(Instant.parse("2026-04-01T08:00:00Z"));
  static final String ADMIN = CourseportServerExtension.KEY;

  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension().withClock(clock);

  record Answer(int status, JsonNode json) {}

  /** Calls the front with a JSON body (none when null), typed JSON even when bodiless. */
  static Answer call(String method, String path, String key, Object body) {
    HttpRequest request =
        TestHttp.request(
                method,
                URI.create(server.http() + path),
                key == null ? null : CourseportServerExtension.basic(key),
                body)
            .setHeader("Content-Type", "application/json")
            .build();
    TestHttp.Response r = TestHttp.send(HTTP, request);
    return new Answer(r.status(), r.jsonOrNullNode());
  }

  /** Status of a tenant route (GET /api/v2/courses) with {@code key}. */
  static int tenantCall(String key) {
    return call("GET", "/api/v2/courses", key, null).status();
  }

  static JsonNode ok(Answer a) {
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    return a.json();
  }

  /** Asserts an AIP-193 body: {@code {"error":{"code","message","status","details":[...]}}}. */
  static void assertAipError(Answer a, int code, String status, String reason) {
    assertThat(a.status()).as("%s", a).isEqualTo(code);
    JsonNode error = a.json().get("error");
    assertThat(error).as("%s", a).isNotNull();
    assertThat(error.get("code").asInt()).isEqualTo(code);
    assertThat(error.get("status").asText()).isEqualTo(status);
    assertThat(error.get("message").asText()).isNotBlank();
    JsonNode info = null;
    for (JsonNode d : error.get("details")) {
      if (d.get("@type").asText().endsWith("google.rpc.ErrorInfo")) {
        info = d;
      }
    }
    assertThat(info).as("ErrorInfo in %s", a).isNotNull();
    assertThat(info.get("reason").asText()).isEqualTo(reason);
  }

  static JsonNode createTenant(String id) {
    return ok(call("POST", "/api/admin/tenants", ADMIN, Map.of("tenantId", id, "name", "T " + id)))
        .get("tenant");
  }

  static Document keyDocument(String keyId) {
    return server
        .server()
        .services()
        .store()
        .database()
        .getCollection(MongoStore.API_KEYS)
        .find(new Document("keyId", keyId))
        .first();
  }

  @Test
  void tenants_createGetList() {
    String id = "rest-" + UUID.randomUUID();
    JsonNode created =
        ok(call(
                "POST",
                "/api/admin/tenants",
                ADMIN,
                Map.of("tenantId", id, "name", "Rest Co", "plan", "paid")))
            .get("tenant");
    assertThat(created.get("tenantId").asText()).isEqualTo(id);
    assertThat(created.get("name").asText()).isEqualTo("Rest Co");
    assertThat(created.get("plan").asText()).isEqualTo("paid");
    assertThat(created.get("createTime").asText()).isEqualTo("2026-04-01T08:00:00Z");
    String uuid = created.get("uuid").asText();

    assertThat(ok(call("GET", "/api/admin/tenants/" + id, ADMIN, null)).get("tenant"))
        .isEqualTo(created);
    assertThat(ok(call("GET", "/api/admin/tenants/" + uuid, ADMIN, null)).get("tenant"))
        .isEqualTo(created);

    JsonNode page = ok(call("GET", "/api/admin/tenants?pageSize=1", ADMIN, null));
    assertThat(page.get("tenants")).hasSize(1);
    String token = page.get("nextPageToken").asText();
    assertThat(token).isNotEmpty();
    JsonNode next =
        ok(call("GET", "/api/admin/tenants?pageSize=1&pageToken=" + token, ADMIN, null));
    assertThat(next.get("tenants").get(0).get("tenantId").asText())
        .isGreaterThan(page.get("tenants").get(0).get("tenantId").asText());
  }

  @Test
  void errors_areAip193Bodies() {
    String id = "dup-" + UUID.randomUUID();
    createTenant(id);
    assertAipError(
        call("POST", "/api/admin/tenants", ADMIN, Map.of("tenantId", id, "name", "again")),
        409,
        "ALREADY_EXISTS",
        "TENANT_EXISTS");
    assertAipError(
        call("GET", "/api/admin/tenants/nobody-here", ADMIN, null),
        404,
        "NOT_FOUND",
        "TENANT_NOT_FOUND");
    assertAipError(
        call("POST", "/api/admin/tenants", ADMIN, Map.of("tenantId", "a/b", "name", "x")),
        400,
        "INVALID_ARGUMENT",
        "TENANT_ID_INVALID");
    Answer badScope =
        call(
            "POST",
            "/api/admin/tenants/" + id + "/keys",
            ADMIN,
            Map.of("scopes", List.of("read", "launch:course")));
    assertAipError(badScope, 400, "INVALID_ARGUMENT", "SCOPE_INVALID");
    assertThat(badScope.json().get("error").get("message").asText()).contains("'launch:course'");
    Answer anonymous = call("GET", "/api/admin/tenants", null, null);
    assertAipError(anonymous, 401, "UNAUTHENTICATED", "UNAUTHENTICATED");
    String plain =
        ok(call(
                "POST",
                "/api/admin/tenants/" + id + "/keys",
                ADMIN,
                Map.of("scopes", List.of("read", "write", "delete"))))
            .get("credentials")
            .asText();
    Answer refused = call("GET", "/api/admin/tenants", plain, null);
    assertThat(refused.status()).as("%s", refused).isEqualTo(403);
    assertThat(refused.json().get("error").get("status").asText()).isEqualTo("PERMISSION_DENIED");
  }

  @Test
  void keys_createListRotateRevoke() {
    String tenant = "keys-" + UUID.randomUUID();
    createTenant(tenant);

    JsonNode created =
        ok(
            call(
                "POST",
                "/api/admin/tenants/" + tenant + "/keys",
                ADMIN,
                Map.of("name", "deploy", "scopes", List.of("read", "write:course"))));
    String keyId = created.get("apiKey").get("keyId").asText();
    String secret = created.get("secret").asText();
    String credentials = created.get("credentials").asText();
    assertThat(credentials).isEqualTo(keyId + ":" + secret);
    assertThat(created.get("apiKey").get("scopes").toString())
        .isEqualTo("[\"read\",\"write:course\"]");
    assertThat(keyDocument(keyId).toJson()).doesNotContain(secret);
    assertThat(tenantCall(credentials)).isEqualTo(200);

    JsonNode listed = ok(call("GET", "/api/admin/tenants/" + tenant + "/keys", ADMIN, null));
    assertThat(listed.get("apiKeys")).hasSize(1);
    assertThat(listed.toString())
        .doesNotContain(secret)
        .doesNotContain("pbkdf2")
        .doesNotContain("secret");

    JsonNode rotated =
        ok(call("POST", "/api/admin/keys/" + keyId + ":rotate", ADMIN, Map.of("graceSeconds", 60)));
    String newCredentials = rotated.get("credentials").asText();
    assertThat(rotated.get("apiKey").get("previousSecretExpireTime").asText())
        .isEqualTo("2026-04-01T08:01:00Z");
    assertThat(tenantCall(newCredentials)).isEqualTo(200);
    assertThat(tenantCall(credentials)).as("inside the grace").isEqualTo(200);
    clock.advance(Duration.ofSeconds(60));
    assertThat(tenantCall(credentials)).as("after the grace").isEqualTo(401);
    assertThat(tenantCall(newCredentials)).isEqualTo(200);

    JsonNode revoked = ok(call("POST", "/api/admin/keys/" + keyId + ":revoke", ADMIN, Map.of()));
    assertThat(revoked.get("apiKey").get("revoked").asBoolean()).isTrue();
    assertThat(tenantCall(newCredentials)).as("revoked: refused at once").isEqualTo(401);
    assertAipError(
        call("POST", "/api/admin/keys/" + keyId + ":rotate", ADMIN, Map.of()),
        400,
        "FAILED_PRECONDITION",
        "KEY_REVOKED");

    // DELETE is the same revocation.
    JsonNode other = ok(call("POST", "/api/admin/tenants/" + tenant + "/keys", ADMIN, Map.of()));
    String otherId = other.get("apiKey").get("keyId").asText();
    assertThat(tenantCall(other.get("credentials").asText())).isEqualTo(200);
    assertThat(
            ok(call("DELETE", "/api/admin/keys/" + otherId, ADMIN, null))
                .get("apiKey")
                .get("revoked")
                .asBoolean())
        .isTrue();
    assertThat(tenantCall(other.get("credentials").asText())).isEqualTo(401);
    assertAipError(
        call("DELETE", "/api/admin/keys/NO-SUCH-KEY", ADMIN, null),
        404,
        "NOT_FOUND",
        "KEY_NOT_FOUND");
  }

  @Test
  void quotaAndPlan() {
    String tenant = "quota-" + UUID.randomUUID();
    createTenant(tenant);

    JsonNode quota = ok(call("GET", "/api/admin/tenants/" + tenant + "/quota", ADMIN, null));
    assertThat(quota.get("quota").get("tenantId").asText()).isEqualTo(tenant);

    JsonNode set =
        ok(
            call(
                "PUT",
                "/api/admin/tenants/" + tenant + "/quota",
                ADMIN,
                Map.of("maxPackages", 3, "maxStoredBytes", 1_000_000)));
    assertThat(set.get("quota").get("maxPackages").asLong()).isEqualTo(3);
    assertThat(set.get("quota").get("maxStoredBytes").asLong()).isEqualTo(1_000_000);
    assertAipError(
        call("PUT", "/api/admin/tenants/" + tenant + "/quota", ADMIN, Map.of("maxPackages", -2)),
        400,
        "INVALID_ARGUMENT",
        "QUOTA_INVALID");

    JsonNode plan =
        ok(call("PUT", "/api/admin/tenants/" + tenant + "/plan", ADMIN, Map.of("plan", "paid")));
    assertThat(plan.get("tenant").get("plan").asText()).isEqualTo("paid");
    assertAipError(
        call("PUT", "/api/admin/tenants/" + tenant + "/plan", ADMIN, Map.of("plan", "gold")),
        400,
        "INVALID_ARGUMENT",
        "PLAN_INVALID");
  }
}
