package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.rest.AllureAnswer.assertError;
import static org.courseport.server.rest.AllureAnswer.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Allure package API ({@code /api/v1/packages}) through the real server, driven by plain HTTP
 * the way the seed's integration code does it.
 */
class AllurePackageRestTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = CourseportServerExtension.KEY;

  private final String base = server.http().toString();
  private final String tenantId =
      server.server().services().tenantDirectory().uuidOf(Bootstrap.DEFAULT_TENANT);

  /** {@code Authorization: Bearer <key>} and JSON, as the seed's Scenario 1. */
  private AllureAnswer bearer(String method, String path, Object body) {
    return call(method, path, body, "Authorization", "Bearer " + KEY);
  }

  /** {@code X-API-Key: <key>}, as the seed's Scenario 3 and curl examples. */
  private AllureAnswer apiKey(String method, String path, Object body, String key) {
    return call(method, path, body, "X-API-Key", key);
  }

  private AllureAnswer call(String method, String path, Object body, String header, String value) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header(header, value)
            .header("Content-Type", "application/json");
    b.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(str(body)));
    return send(b.build());
  }

  private static String str(Object body) {
    try {
      return body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode mint(String filename, long size) {
    AllureAnswer mint =
        bearer(
            "POST",
            "/api/v1/packages/upload-url",
            Map.of(
                "tenant_id", tenantId,
                "uploaded_by", "user-123",
                "filename", filename,
                "file_size", size));
    assertThat(mint.status()).as("%s", mint.json()).isEqualTo(200);
    return mint.json();
  }

  /** The storage PUT exactly as the seed: {@code headers: ticket.required_put_headers}. */
  private static AllureAnswer put(
      JsonNode ticket, BodyPublisher body, Map<String, String> override) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(ticket.get("presigned_url").asText()));
    Iterator<Map.Entry<String, JsonNode>> headers = ticket.get("required_put_headers").fields();
    while (headers.hasNext()) {
      Map.Entry<String, JsonNode> h = headers.next();
      b.header(h.getKey(), override.getOrDefault(h.getKey(), h.getValue().asText()));
    }
    return send(b.PUT(body).build());
  }

  private static AllureAnswer put(JsonNode ticket, byte[] zip) {
    return put(ticket, BodyPublishers.ofByteArray(zip), Map.of());
  }

  private AllureAnswer process(JsonNode ticket, String filename, Map<String, Object> extra) {
    Map<String, Object> body = new java.util.HashMap<>(extra);
    body.put("tenant_id", tenantId);
    body.put("uploaded_by", "user-123");
    body.put("storage_path", ticket.get("storage_path").asText());
    body.put("original_filename", filename);
    return bearer("POST", "/api/v1/packages/process", body);
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void scenario1_mintPutProcess_answersThePackageId() {
    byte[] zip = TestPackages.scorm12("Introduction to Safety Training");
    JsonNode ticket = mint("safety.zip", zip.length);
    assertThat(names(ticket))
        .contains(
            "upload_id", "presigned_url", "required_put_headers", "storage_path", "expires_at");
    assertThat(ticket.get("presigned_url").asText()).startsWith("http://localhost:");
    assertThat(ticket.get("required_put_headers").get("Content-Type").asText())
        .isEqualTo("application/zip");
    assertThat(ticket.get("storage_path").asText())
        .isEqualTo("tenant-" + tenantId + "/uploads/" + ticket.get("upload_id").asText() + ".zip");

    AllureAnswer stored = put(ticket, zip);
    assertThat(stored.status()).as("%s", new String(stored.raw().body())).isEqualTo(200);

    AllureAnswer proc = process(ticket, "safety.zip", Map.of());
    assertThat(proc.status()).as("%s", proc.json()).isEqualTo(200);
    JsonNode body = proc.json();
    assertThat(names(body))
        .contains("upload_id", "manifest", "file_size_bytes", "storage_path", "package")
        .doesNotContain("validation_only");
    assertThat(body.get("upload_id").asText()).isEqualTo(ticket.get("upload_id").asText());
    assertThat(body.get("file_size_bytes").asLong()).isEqualTo(zip.length);
    JsonNode manifest = body.get("manifest");
    assertThat(manifest.get("title").asText()).isEqualTo("Introduction to Safety Training");
    assertThat(manifest.get("version").asText()).isEqualTo("1.2");
    assertThat(manifest.get("launch_url").asText()).isNotBlank();
    assertThat(manifest.get("sco_count").asInt()).isPositive();
    assertThat(manifest.get("standard").asText()).isEqualTo("SCORM12");
    JsonNode pkg = body.get("package");
    String packageId = pkg.get("package_id").asText();
    assertThat(packageId).startsWith("pkg_");
    assertThat(pkg.get("current_revision").asInt()).isEqualTo(1);
    assertThat(pkg.get("version").asText()).isEqualTo("1.2");

    // The package is a SCORM Cloud course under the same id.
    TestHttp.Response course = ScormCloudRest.basic(server, KEY).get("/courses/" + packageId);
    assertThat(course.status()).isEqualTo(200);
    assertThat(course.json().get("title").asText()).isEqualTo("Introduction to Safety Training");
  }

  @Test
  void scenario3_validateOnly_storesNothing_thenProcessCreatesThePackage() {
    byte[] zip = TestPackages.scorm2004("Validated First");
    JsonNode ticket = mint("v.zip", zip.length);
    assertThat(put(ticket, zip).status()).isEqualTo(200);
    int before =
        bearer("GET", "/api/v1/packages?tenant_id=" + tenantId + "&page_size=100", null)
            .json()
            .get("packages")
            .size();

    Map<String, Object> validate = new java.util.HashMap<>();
    validate.put("tenant_id", tenantId);
    validate.put("uploaded_by", "user-123");
    validate.put("storage_path", ticket.get("storage_path").asText());
    validate.put("original_filename", "v.zip");
    validate.put("validate_only", true);
    AllureAnswer v = apiKey("POST", "/api/v1/packages/process", validate, KEY);
    assertThat(v.status()).as("%s", v.json()).isEqualTo(200);
    JsonNode validation = v.json();
    assertThat(validation.get("validation_only").asBoolean()).isTrue();
    assertThat(validation.has("package")).isFalse();
    assertThat(validation.get("manifest").get("version").asText()).isEqualTo("2004");
    assertThat(validation.get("storage_path").asText())
        .isEqualTo(ticket.get("storage_path").asText());
    int after =
        bearer("GET", "/api/v1/packages?tenant_id=" + tenantId + "&page_size=100", null)
            .json()
            .get("packages")
            .size();
    assertThat(after).isEqualTo(before);

    validate.put("validate_only", false);
    AllureAnswer p = apiKey("POST", "/api/v1/packages/process", validate, KEY);
    assertThat(p.status()).as("%s", p.json()).isEqualTo(200);
    assertThat(p.json().get("package").get("package_id").asText()).startsWith("pkg_");
  }

  @Test
  void tamperedUrl_isForbidden_andNothingIsStored() {
    byte[] zip = TestPackages.scorm12("Tampered");
    JsonNode ticket = mint("t.zip", zip.length);
    String url = ticket.get("presigned_url").asText();
    String otherTenant = java.util.UUID.randomUUID().toString();
    String lastHex = url.substring(url.length() - 1);
    String flipped = url.substring(0, url.length() - 1) + (lastHex.equals("0") ? "1" : "0");

    for (String tampered :
        List.of(
            url.replace("tenant=" + tenantId, "tenant=" + otherTenant),
            url.replaceAll("expires=(\\d+)", "expires=9999999999"),
            flipped)) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) ticket).put("presigned_url", tampered);
      assertError(
          put(ticket, BodyPublishers.ofByteArray(zip), Map.of()),
          403,
          "Forbidden",
          "UPLOAD_SIGNATURE_INVALID");
    }
    assertError(process(ticket, "t.zip", Map.of()), 400, "Bad Request", "UPLOAD_INCOMPLETE");
  }

  @Test
  void replayedUrl_isForbidden() {
    byte[] zip = TestPackages.scorm12("Replayed");
    JsonNode ticket = mint("r.zip", zip.length);
    assertThat(put(ticket, zip).status()).isEqualTo(200);

    assertError(put(ticket, zip), 403, "Forbidden", "UPLOAD_URL_USED");
  }

  @Test
  void bodyLargerOrSmallerThanDeclared_isRefused_andTheUrlStaysUsable() {
    byte[] zip = TestPackages.scorm12("Sizes");
    JsonNode ticket = mint("s.zip", zip.length);
    byte[] bigger = java.util.Arrays.copyOf(zip, zip.length + 10);
    byte[] smaller = java.util.Arrays.copyOf(zip, zip.length - 10);

    // Content-Length announced: refused before any byte is read.
    assertError(put(ticket, bigger), 400, "Bad Request", "BODY_SIZE_MISMATCH");
    // Chunked (no Content-Length): refused while streaming, nothing kept.
    assertError(
        put(ticket, BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bigger)), Map.of()),
        400,
        "Bad Request",
        "BODY_SIZE_MISMATCH");
    assertError(
        put(
            ticket,
            BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(smaller)),
            Map.of()),
        400,
        "Bad Request",
        "BODY_SIZE_MISMATCH");
    assertError(process(ticket, "s.zip", Map.of()), 400, "Bad Request", "UPLOAD_INCOMPLETE");

    assertThat(put(ticket, zip).status()).isEqualTo(200);
  }

  @Test
  void wrongRequiredHeader_isRefused() {
    byte[] zip = TestPackages.scorm12("Header");
    JsonNode ticket = mint("h.zip", zip.length);

    AllureAnswer a =
        put(ticket, BodyPublishers.ofByteArray(zip), Map.of("Content-Type", "text/plain"));

    assertError(a, 400, "Bad Request", "REQUIRED_HEADER_MISMATCH");
  }

  @Test
  void mintAboveTheSingleUploadLimit_isFileTooLarge_namingMultipart() {
    AllureAnswer a =
        bearer(
            "POST",
            "/api/v1/packages/upload-url",
            Map.of("tenant_id", tenantId, "filename", "big.zip", "file_size", 100_000_001L));

    assertError(a, 413, "File Too Large", "FILE_TOO_LARGE");
    assertThat(a.json().get("message").asText()).contains("multipart");
  }

  @Test
  void anotherTenantsId_isForbidden_andAnotherTenantsPackage_isNotFound() {
    String other = server.newTenant();
    JsonNode mine = processNew("Mine");
    String packageId = mine.get("package").get("package_id").asText();

    AllureAnswer wrongId = apiKey("GET", "/api/v1/packages?tenant_id=" + tenantId, null, other);
    assertError(wrongId, 403, "Forbidden", "TENANT_MISMATCH");
    assertError(
        apiKey("GET", "/api/v1/packages/" + packageId, null, other),
        404,
        "Not Found",
        "COURSE_NOT_FOUND");
  }

  @Test
  void missingOrWrongKey_isUnauthorized_inTheAllureShape() {
    AllureAnswer a = apiKey("GET", "/api/v1/packages?tenant_id=" + tenantId, null, "nobody:wrong");
    assertError(a, 401, "Unauthorized", "UNAUTHENTICATED");
    assertError(
        apiKey("POST", "/api/v1/packages/process", "{\"tenant_id\":", KEY),
        400,
        "Bad Request",
        "BAD_REQUEST");
  }

  @Test
  void newRevision_keepsTheIdAndLaunchUrl_andVersionsListNewestFirst() {
    JsonNode first = processNew("Revised");
    String packageId = first.get("package").get("package_id").asText();
    byte[] zip = TestPackages.scorm12("Revised Again");
    JsonNode ticket = mint("r2.zip", zip.length);
    assertThat(put(ticket, zip).status()).isEqualTo(200);

    AllureAnswer second = process(ticket, "r2.zip", Map.of("package_id", packageId));

    assertThat(second.status()).as("%s", second.json()).isEqualTo(200);
    JsonNode pkg = second.json().get("package");
    assertThat(pkg.get("package_id").asText()).isEqualTo(packageId);
    assertThat(pkg.get("current_revision").asInt()).isEqualTo(2);
    assertThat(pkg.get("launch_url").asText())
        .isEqualTo(first.get("package").get("launch_url").asText());
    JsonNode versions =
        bearer("GET", "/api/v1/packages/" + packageId + "/versions?tenant_id=" + tenantId, null)
            .json()
            .get("versions");
    assertThat(versions.size()).isEqualTo(2);
    assertThat(versions.get(0).get("revision").asInt()).isEqualTo(2);
    assertThat(versions.get(1).get("revision").asInt()).isEqualTo(1);
    assertThat(
            ScormCloudRest.basic(server, KEY)
                .get("/courses/" + packageId + "/versions")
                .json()
                .get("courses")
                .size())
        .isEqualTo(2);
  }

  @Test
  void scormCloudCourse_readsAsAPackage_patchSharesTags_andDeleteWorksForBoth() {
    ScormCloudRest scorm = ScormCloudRest.basic(server, KEY);
    scorm.importCourse("sc-course", TestPackages.scorm12("From SCORM Cloud"));

    AllureAnswer got = bearer("GET", "/api/v1/packages/sc-course", null);
    assertThat(got.status()).isEqualTo(200);
    JsonNode record = got.json();
    assertThat(names(record))
        .contains(
            "id",
            "tenant_id",
            "title",
            "version",
            "scorm_version",
            "launch_url",
            "manifest_url",
            "storage_path",
            "file_size_bytes",
            "metadata",
            "created_at",
            "updated_at",
            "current_revision",
            "tags");
    assertThat(record.get("id").asText()).isEqualTo("sc-course");
    assertThat(record.get("tenant_id").asText()).isEqualTo(tenantId);
    assertThat(record.get("scorm_version").asText()).isEqualTo("1.2");
    assertThat(record.get("manifest_url").asText()).isEqualTo("imsmanifest.xml");
    assertThat(record.get("current_revision").asInt()).isEqualTo(1);
    assertThat(names(record.get("metadata")))
        .contains("identifier", "schema", "schemaversion", "description", "sco_count");
    assertThat(record.get("metadata").get("schemaversion").asText()).isEqualTo("1.2");
    assertThat(record.get("metadata").get("schema").asText()).isEqualTo("ADL SCORM");
    assertThat(record.get("metadata").get("identifier").asText()).isEqualTo("MANIFEST-1");

    AllureAnswer patched =
        apiKey(
            "PATCH",
            "/api/v1/packages/sc-course",
            Map.of(
                "tenant_id",
                tenantId,
                "description",
                "Updated course description",
                "duration",
                "45m",
                "tags",
                List.of("onboarding", "2025"),
                "custom_metadata",
                Map.of("level", "advanced")),
            KEY);
    assertThat(patched.status()).as("%s", patched.json()).isEqualTo(200);
    assertThat(patched.json().get("description").asText()).isEqualTo("Updated course description");
    assertThat(patched.json().get("duration").asText()).isEqualTo("45m");
    assertThat(patched.json().get("custom_metadata").get("level").asText()).isEqualTo("advanced");
    assertThat(scorm.get("/courses/sc-course/tags").json().get("tags").toString())
        .isEqualTo("[\"onboarding\",\"2025\"]");

    assertThat(scorm.delete("/courses/sc-course").status()).isEqualTo(204);
    assertError(
        bearer("GET", "/api/v1/packages/sc-course", null), 404, "Not Found", "COURSE_NOT_FOUND");
  }

  @Test
  void packageDeletedThroughScormCloud_afterAllureCreatedIt_isGoneForBoth() {
    String packageId = processNew("Delete Me").get("package").get("package_id").asText();

    assertThat(ScormCloudRest.basic(server, KEY).delete("/courses/" + packageId).status())
        .isEqualTo(204);

    assertThat(bearer("GET", "/api/v1/packages/" + packageId, null).status()).isEqualTo(404);
  }

  @Test
  void patch_customMetadataOverTheLimit_isBadRequest() {
    String packageId = processNew("Big Meta").get("package").get("package_id").asText();

    AllureAnswer a =
        bearer(
            "PATCH",
            "/api/v1/packages/" + packageId,
            Map.of("custom_metadata", Map.of("blob", "x".repeat(20_000))));

    assertError(a, 400, "Bad Request", "CUSTOM_METADATA_TOO_LARGE");
  }

  @Test
  void list_isNewestFirst_pagedByCursor() {
    processNew("Older");
    processNew("Newer");

    JsonNode first =
        bearer("GET", "/api/v1/packages?tenant_id=" + tenantId + "&page_size=1", null).json();

    assertThat(first.get("packages").size()).isEqualTo(1);
    assertThat(first.get("packages").get(0).get("title").asText()).isEqualTo("Newer");
    String token = first.get("next_page_token").asText();
    assertThat(token).isNotEmpty();
    JsonNode second =
        bearer(
                "GET",
                "/api/v1/packages?tenant_id=" + tenantId + "&page_size=1&page_token=" + token,
                null)
            .json();
    assertThat(second.get("packages").get(0).get("title").asText()).isEqualTo("Older");
  }

  @Test
  void notAPackage_isInvalidScormPackage_andNoPackageIsCreated() {
    byte[] zip = TestPackages.zip(Map.of("readme.txt", "no manifest here"));
    JsonNode ticket = mint("bad.zip", zip.length);
    assertThat(put(ticket, zip).status()).isEqualTo(200);

    AllureAnswer a = process(ticket, "bad.zip", Map.of());

    assertError(a, 400, "Invalid SCORM Package", "INVALID_SCORM_PACKAGE");
    Map<String, Object> validate = new java.util.HashMap<>();
    validate.put("tenant_id", tenantId);
    validate.put("storage_path", ticket.get("storage_path").asText());
    validate.put("validate_only", true);
    assertError(
        bearer("POST", "/api/v1/packages/process", validate),
        400,
        "Invalid SCORM Package",
        "INVALID_SCORM_PACKAGE");
  }

  private JsonNode processNew(String title) {
    byte[] zip = TestPackages.scorm12(title);
    JsonNode ticket = mint(title + ".zip", zip.length);
    assertThat(put(ticket, zip).status()).isEqualTo(200);
    AllureAnswer a = process(ticket, title + ".zip", Map.of());
    assertThat(a.status()).as("%s", a.json()).isEqualTo(200);
    return a.json();
  }
}
