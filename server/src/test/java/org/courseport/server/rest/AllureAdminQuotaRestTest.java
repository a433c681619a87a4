package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.HashMap;
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String key = server.newTenant();
  private final String tenantId =
      server
          .server()
          .services()
          .tenantDirectory()
          .uuidOf(
              server
                  .server()
                  .services()
                  .tenants()
                  .findKey(key.substring(0, key.indexOf(':')))
                  .orElseThrow()
                  .tenantId());

  @Test
  void override_limitsOneTenant_andLeavesTheOthersOnTheDefaults() {
    JsonNode set =
        send(
            "PUT",
            "/api/v1/admin/tenants/" + tenantId + "/quota",
            "Bearer " + ADMIN,
            Map.of("max_packages", 1));
    assertThat(set.get("status").asInt()).as("%s", set).isEqualTo(200);
    assertThat(set.get("tenant_id").asText()).isEqualTo(tenantId);
    assertThat(set.get("max_packages").asLong()).isEqualTo(1);
    assertThat(set.get("max_stored_bytes").asLong()).isZero();

    assertThat(process(store(TestPackages.scorm12("A1")), Map.of()).get("status").asInt())
        .isEqualTo(200);
    assertQuotaExceeded(process(store(TestPackages.scorm12("A2")), Map.of()));

    AllureAdminQuotaRestTest other = new AllureAdminQuotaRestTest();
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
    JsonNode apiKey = send("PUT", path, "Bearer " + key, Map.of("max_packages", 1));
    assertThat(apiKey.get("status").asInt()).as("%s", apiKey).isEqualTo(401);
    assertThat(apiKey.get("error").asText()).isEqualTo("Unauthorized");
    assertThat(send("PUT", path, "Bearer wrong", Map.of()).get("status").asInt()).isEqualTo(401);

    JsonNode unknown =
        send(
            "PUT",
            "/api/v1/admin/tenants/" + java.util.UUID.randomUUID() + "/quota",
            "Bearer " + ADMIN,
            Map.of("max_packages", 1));
    assertThat(unknown.get("status").asInt()).isEqualTo(404);
    assertThat(unknown.get("code").asText()).isEqualTo("TENANT_NOT_FOUND");
  }

  private static void assertQuotaExceeded(JsonNode body) {
    assertThat(body.get("status").asInt()).as("%s", body).isEqualTo(403);
    assertThat(body.get("error").asText()).isEqualTo("Quota Exceeded");
    assertThat(body.get("code").asText()).isEqualTo("QUOTA_EXCEEDED");
  }

  private Map<String, Object> mintBody(String name, long size) {
    return Map.of("tenant_id", tenantId, "filename", name, "file_size", size);
  }

  private String store(byte[] zip) {
    JsonNode ticket = post("/api/v1/packages/upload-url", mintBody("p.zip", zip.length));
    assertThat(ticket.get("status").asInt()).as("%s", ticket).isEqualTo(200);
    HttpRequest put =
        HttpRequest.newBuilder(URI.create(ticket.get("presigned_url").asText()))
            .header("Content-Type", "application/zip")
            .PUT(BodyPublishers.ofByteArray(zip))
            .build();
    assertThat(send(put).statusCode()).isEqualTo(200);
    return ticket.get("storage_path").asText();
  }

  private JsonNode process(String storagePath, Map<String, Object> extra) {
    Map<String, Object> body = new HashMap<>(extra);
    body.put("tenant_id", tenantId);
    body.put("storage_path", storagePath);
    body.put("original_filename", "p.zip");
    return post("/api/v1/packages/process", body);
  }

  private JsonNode post(String path, Object body) {
    return send("POST", path, null, body);
  }

  /**
   * The answer's JSON with its HTTP status added as {@code status}; with the tenant's API key, or
   * the given {@code Authorization} value.
   */
  private JsonNode send(String method, String path, String authorization, Object body) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(server.http() + path))
              .header("Content-Type", "application/json")
              .method(method, BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (authorization == null) {
        b.header("X-API-Key", key);
      } else {
        b.header("Authorization", authorization);
      }
      HttpRequest request = b.build();
      HttpResponse<byte[]> r = send(request);
      return ((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(r.body()))
          .put("status", r.statusCode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return HTTP.send(request, BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
