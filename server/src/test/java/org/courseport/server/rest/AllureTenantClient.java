package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.HashMap;
import java.util.Map;
import org.courseport.server.testing.CourseportServerExtension;

/**
 * A fresh tenant of the real server driving the Allure package API over plain HTTP: mint, PUT the
 * bytes, process, and admin calls. Answers are the JSON body with the HTTP status added as {@code
 * status}.
 */
final class AllureTenantClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CourseportServerExtension server;
  private final String key;
  private final String tenantId;

  /** Creates a new tenant with its own API key on {@code server}. */
  AllureTenantClient(CourseportServerExtension server) {
    this.server = server;
    this.key = server.newTenant();
    var services = server.server().services();
    this.tenantId =
        services
            .tenantDirectory()
            .uuidOf(
                services
                    .tenants()
                    .findKey(key.substring(0, key.indexOf(':')))
                    .orElseThrow()
                    .tenantId());
  }

  /** The tenant's API key. */
  String key() {
    return key;
  }

  /** The tenant's id as the Allure API spells it. */
  String tenantId() {
    return tenantId;
  }

  /** A mint body ({@code upload-url} or {@code multipart/init}) for this tenant. */
  Map<String, Object> mintBody(String filename, long size) {
    return Map.of("tenant_id", tenantId, "filename", filename, "file_size", size);
  }

  /** Mints a presigned URL, PUTs {@code zip} to it (asserting 200), returns the storage path. */
  String store(byte[] zip) {
    JsonNode ticket = post("/api/v1/packages/upload-url", mintBody("p.zip", zip.length));
    assertThat(ticket.get("status").asInt()).as("%s", ticket).isEqualTo(200);
    HttpRequest put =
        HttpRequest.newBuilder(URI.create(ticket.get("presigned_url").asText()))
            .header("Content-Type", "application/zip")
            .PUT(BodyPublishers.ofByteArray(zip))
            .build();
    AllureAnswer stored = AllureAnswer.send(put);
    assertThat(stored.status()).as("%s", stored).isEqualTo(200);
    return ticket.get("storage_path").asText();
  }

  /** Processes a stored upload, with {@code extra} fields (a {@code package_id}, say). */
  JsonNode process(String storagePath, Map<String, Object> extra) {
    Map<String, Object> body = new HashMap<>(extra);
    body.put("tenant_id", tenantId);
    body.put("storage_path", storagePath);
    body.put("original_filename", "p.zip");
    return post("/api/v1/packages/process", body);
  }

  /** POSTs JSON with the tenant's API key. */
  JsonNode post(String path, Object body) {
    return send("POST", path, null, body);
  }

  /** Sends JSON with the tenant's API key, or with the given {@code Authorization} value. */
  JsonNode send(String method, String path, String authorization, Object body) {
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
      AllureAnswer r = AllureAnswer.send(b.build());
      return ((ObjectNode) r.json()).put("status", r.status());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts the Allure rendering of a refused quota: 403, {@code QUOTA_EXCEEDED}. */
  static void assertQuotaExceeded(JsonNode body) {
    assertThat(body.get("status").asInt()).as("%s", body).isEqualTo(403);
    assertThat(body.get("error").asText()).isEqualTo("Quota Exceeded");
    assertThat(body.get("code").asText()).isEqualTo("QUOTA_EXCEEDED");
  }
}
