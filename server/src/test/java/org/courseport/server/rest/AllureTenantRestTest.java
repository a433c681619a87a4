package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/v1/tenant}: how an Allure caller learns its {@code tenant_id} and usage. */
class AllureTenantRestTest {
  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          .with("COURSEPORT_QUOTA_MAX_PACKAGES", "7")
          .with("COURSEPORT_QUOTA_MAX_BYTES", "0");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void tenant_showsTheCallersUuidQuotasAndUsage() throws Exception {
    String key = server.newTenant();
    String expectedUuid =
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
    byte[] zip = TestPackages.scorm12("Counted");
    JsonNode ticket =
        JSON.readTree(
            send(
                    "POST",
                    "/api/v1/packages/upload-url",
                    key,
                    JSON.writeValueAsString(
                        java.util.Map.of(
                            "tenant_id",
                            expectedUuid,
                            "filename",
                            "p.zip",
                            "file_size",
                            zip.length)))
                .body());
    HttpResponse<String> put =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(ticket.get("presigned_url").asText()))
                .header("Content-Type", "application/zip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip))
                .build(),
            BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    HttpResponse<String> processed =
        send(
            "POST",
            "/api/v1/packages/process",
            key,
            JSON.writeValueAsString(
                java.util.Map.of(
                    "tenant_id",
                    expectedUuid,
                    "storage_path",
                    ticket.get("storage_path").asText(),
                    "original_filename",
                    "p.zip")));
    assertThat(processed.statusCode()).as(processed.body()).isEqualTo(200);

    HttpResponse<String> r = get("/api/v1/tenant", key);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("tenant_id").asText()).isEqualTo(expectedUuid).matches("[0-9a-f-]{36}");
    assertThat(body.get("max_packages").asLong()).isEqualTo(7);
    assertThat(body.get("max_stored_bytes").asLong()).isZero();
    assertThat(body.get("packages").asLong()).isEqualTo(1);
    assertThat(body.get("stored_bytes").asLong()).isEqualTo(zip.length);
  }

  @Test
  void tenant_withoutAKey_is401InTheAllureShape() throws Exception {
    HttpResponse<String> r = get("/api/v1/tenant", null);

    assertThat(r.statusCode()).isEqualTo(401);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("error").asText()).isEqualTo("Unauthorized");
    assertThat(body.has("code")).isTrue();
  }

  private static HttpResponse<String> get(String path, String key) throws Exception {
    return send("GET", path, key, null);
  }

  private static HttpResponse<String> send(String method, String path, String key, String json)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.http() + path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json");
    if (key != null) {
      b.header("X-API-Key", key);
    }
    return HTTP.send(b.build(), BodyHandlers.ofString());
  }
}
