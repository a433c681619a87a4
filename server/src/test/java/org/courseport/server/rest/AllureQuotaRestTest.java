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

/** Tenant quotas of the Allure package API: packages and stored bytes, from configuration. */
class AllureQuotaRestTest {
  static final long MAX_BYTES = 5000;

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          .with("COURSEPORT_QUOTA_MAX_PACKAGES", "1")
          .with("COURSEPORT_QUOTA_MAX_BYTES", Long.toString(MAX_BYTES));

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
  void uploadOverTheBytesQuota_isQuotaExceeded_beforeAnyByteIsKept() {
    JsonNode refused = post("/api/v1/packages/upload-url", mintBody("big.zip", MAX_BYTES + 1));

    assertQuotaExceeded(refused);
    assertThat(refused.get("message").asText()).contains("Storage quota");
  }

  @Test
  void multipartInitOverTheBytesQuota_isQuotaExceeded() {
    JsonNode refused = post("/api/v1/packages/multipart/init", mintBody("big.zip", MAX_BYTES + 1));

    assertQuotaExceeded(refused);
    assertThat(refused.get("message").asText()).contains("Storage quota");
  }

  @Test
  void storedBytesCount_towardsTheQuota() {
    byte[] zip = TestPackages.scorm12("First");
    store(zip);

    JsonNode refused =
        post("/api/v1/packages/upload-url", mintBody("next.zip", MAX_BYTES - zip.length + 1));

    assertQuotaExceeded(refused);
  }

  @Test
  void secondPackage_isQuotaExceeded_butARevisionOfTheFirstIsNot() {
    JsonNode first = process(store(TestPackages.scorm12("Only One")), Map.of());
    String packageId = first.get("package").get("package_id").asText();

    JsonNode second = process(store(TestPackages.scorm12("One Too Many")), Map.of());
    assertQuotaExceeded(second);
    assertThat(second.get("message").asText()).contains("Package quota");

    JsonNode revision =
        process(store(TestPackages.scorm12("Only One, Again")), Map.of("package_id", packageId));
    assertThat(revision.get("package").get("current_revision").asInt()).isEqualTo(2);
  }

  @Test
  void adminQuotaOverride_withoutAConfiguredToken_isForbidden() {
    JsonNode r = send("PUT", "/api/v1/admin/tenants/" + tenantId + "/quota", "Bearer x", Map.of());

    assertThat(r.get("status").asInt()).as("%s", r).isEqualTo(403);
    assertThat(r.get("code").asText()).isEqualTo("ADMIN_DISABLED");
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
