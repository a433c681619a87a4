package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.courseport.server.rest.AllureAnswer.assertError;
import static org.courseport.server.rest.AllureAnswer.send;
import static org.courseport.server.rest.AllureAnswer.sendAsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.domain.coursepackage.MultipartUploads;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The multipart upload of the Allure package API through the real server, over plain HTTP. */
class AllureMultipartRestTest {
  private static final int PART_SIZE = 256;

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          .with("COURSEPORT_MULTIPART_PART_SIZE", Integer.toString(PART_SIZE));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = CourseportServerExtension.KEY;

  private final String base = server.http().toString();
  private final String tenantId =
      server.server().services().tenantDirectory().uuidOf(Bootstrap.DEFAULT_TENANT);

  private AllureAnswer post(String path, Object body) {
    return call(KEY, path, body);
  }

  private AllureAnswer call(String key, String path, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(URI.create(base + path))
              .header("X-API-Key", key)
              .header("Content-Type", "application/json")
              .POST(BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode init(String filename, Long size) {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("tenant_id", tenantId);
    body.put("uploaded_by", "user-123");
    body.put("filename", filename);
    if (size != null) {
      body.put("file_size", size);
    }
    AllureAnswer a = post("/api/v1/packages/multipart/init", body);
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    return a.json();
  }

  private String partUrl(String uploadId, int part) {
    AllureAnswer a =
        post(
            "/api/v1/packages/multipart/part-url",
            Map.of("upload_id", uploadId, "part_number", part));
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertThat(a.json().get("part_number").asInt()).isEqualTo(part);
    assertThat(a.json().get("expires_in").asLong()).isPositive();
    return a.json().get("url").asText();
  }

  private static HttpRequest putRequest(String url, byte[] bytes) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/zip")
        .PUT(BodyPublishers.ofByteArray(bytes))
        .build();
  }

  private static String md5(byte[] bytes) {
    try {
      return '"' + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + '"';
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<byte[]> split(byte[] zip) {
    List<byte[]> parts = new ArrayList<>();
    for (int off = 0; off < zip.length; off += PART_SIZE) {
      parts.add(Arrays.copyOfRange(zip, off, Math.min(zip.length, off + PART_SIZE)));
    }
    return parts;
  }

  private static Map<String, Object> part(int number, String etag) {
    return Map.of("part_number", number, "etag", etag);
  }

  private AllureAnswer complete(String uploadId, List<Map<String, Object>> parts) {
    return post(
        "/api/v1/packages/multipart/complete", Map.of("upload_id", uploadId, "parts", parts));
  }

  @Test
  void partsOutOfOrder_inParallel_oneRetried_thenProcessGivesAPackage() {
    byte[] zip = TestPackages.scorm12("Large Course In Parts");
    List<byte[]> parts = split(zip);
    assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
    JsonNode upload = init("large-course.zip", (long) zip.length);
    String uploadId = upload.get("upload_id").asText();
    assertThat(upload.get("part_size").asLong()).isEqualTo(PART_SIZE);
    assertThat(upload.get("total_parts").asInt()).isEqualTo(parts.size());
    assertThat(upload.get("storage_path").asText())
        .isEqualTo("tenant-" + tenantId + "/uploads/" + uploadId + ".zip");

    // Part 2 first with the wrong bytes; its retry below must win.
    byte[] wrong = new byte[PART_SIZE];
    AllureAnswer first = send(putRequest(partUrl(uploadId, 2), wrong));
    assertThat(first.status()).as("%s", first).isEqualTo(200);
    assertThat(first.header("ETag")).isEqualTo(md5(wrong));

    // Every part, last first, all in flight together.
    List<CompletableFuture<AllureAnswer>> inFlight = new ArrayList<>();
    for (int n = parts.size(); n >= 1; n--) {
      inFlight.add(sendAsync(putRequest(partUrl(uploadId, n), parts.get(n - 1))));
    }
    List<Map<String, Object>> listed = new ArrayList<>();
    for (int i = 0; i < inFlight.size(); i++) {
      int n = parts.size() - i;
      AllureAnswer a = inFlight.get(i).join();
      assertThat(a.status()).as("%s", a).isEqualTo(200);
      assertThat(a.header("ETag")).isEqualTo(md5(parts.get(n - 1)));
      listed.add(part(n, a.header("ETag")));
    }

    AllureAnswer done = complete(uploadId, listed);
    assertThat(done.status()).as("%s", done).isEqualTo(200);
    assertThat(done.json().get("size").asLong()).isEqualTo(zip.length);
    assertThat(done.json().get("storage_path").asText())
        .isEqualTo(upload.get("storage_path").asText());

    AllureAnswer proc =
        post(
            "/api/v1/packages/process",
            Map.of(
                "tenant_id",
                tenantId,
                "uploaded_by",
                "user-123",
                "storage_path",
                upload.get("storage_path").asText(),
                "original_filename",
                "large-course.zip"));
    assertThat(proc.status()).as("%s", proc).isEqualTo(200);
    assertThat(proc.json().get("file_size_bytes").asLong()).isEqualTo(zip.length);
    assertThat(proc.json().get("manifest").get("title").asText())
        .isEqualTo("Large Course In Parts");
    assertThat(proc.json().get("package").get("package_id").asText()).startsWith("pkg_");

    // A completed upload takes no more parts.
    assertError(
        post(
            "/api/v1/packages/multipart/part-url", Map.of("upload_id", uploadId, "part_number", 1)),
        400,
        "Bad Request",
        "UPLOAD_COMPLETED");
  }

  @Test
  void wrongEtag_missingPart_shortMiddlePart_areRefusedNamingThePart() {
    byte[] zip = TestPackages.scorm12("Parts With Errors");
    List<byte[]> parts = split(zip);
    String uploadId = init("errors.zip", null).get("upload_id").asText();
    assertThat(init("x.zip", null).get("total_parts").asInt()).isZero();
    List<Map<String, Object>> listed = new ArrayList<>();
    for (int n = 1; n <= parts.size(); n++) {
      byte[] bytes = parts.get(n - 1);
      if (n == 2) {
        bytes = Arrays.copyOf(bytes, PART_SIZE - 1);
      }
      AllureAnswer a = send(putRequest(partUrl(uploadId, n), bytes));
      assertThat(a.status()).as("%s", a).isEqualTo(200);
      listed.add(part(n, a.header("ETag")));
    }

    List<Map<String, Object>> wrongEtag = new ArrayList<>(listed);
    wrongEtag.set(0, part(1, md5(new byte[] {1})));
    AllureAnswer etag = complete(uploadId, wrongEtag);
    assertError(etag, 400, "Bad Request", "PART_ETAG_MISMATCH");
    assertThat(etag.json().get("message").asText()).contains("part 1");

    List<Map<String, Object>> gap = new ArrayList<>(listed);
    gap.remove(1);
    AllureAnswer missing = complete(uploadId, gap);
    assertError(missing, 400, "Bad Request", "PART_MISSING");
    assertThat(missing.json().get("message").asText()).contains("Part 2");

    AllureAnswer small = complete(uploadId, listed);
    assertError(small, 400, "Bad Request", "PART_TOO_SMALL");
    assertThat(small.json().get("message").asText()).contains("Part 2");

    // Nothing was stored: the storage path cannot be processed.
    AllureAnswer proc =
        post(
            "/api/v1/packages/process",
            Map.of(
                "tenant_id",
                tenantId,
                "uploaded_by",
                "u",
                "storage_path",
                "tenant-" + tenantId + "/uploads/" + uploadId + ".zip",
                "original_filename",
                "errors.zip"));
    assertThat(proc.status()).as("%s", proc).isNotEqualTo(200);
  }

  @Test
  void tamperedPartUrl_isForbidden_andKeepsNoPart() {
    String uploadId = init("t.zip", null).get("upload_id").asText();
    String url = partUrl(uploadId, 1);
    String otherPart = url.replace("/parts/1?", "/parts/2?");
    assertError(
        send(putRequest(otherPart, new byte[] {1, 2, 3})),
        403,
        "Forbidden",
        "UPLOAD_SIGNATURE_INVALID");
    String flipped = url.substring(0, url.length() - 1) + (url.endsWith("0") ? "1" : "0");
    assertError(
        send(putRequest(flipped, new byte[] {1, 2, 3})),
        403,
        "Forbidden",
        "UPLOAD_SIGNATURE_INVALID");
    AllureAnswer none = complete(uploadId, List.of(part(1, md5(new byte[] {1, 2, 3}))));
    assertError(none, 400, "Bad Request", "PART_MISSING");
    assertThat(none.json().get("message").asText()).contains("Part 1 has not been uploaded");
  }

  @Test
  void anotherTenantsUpload_isNotFound_andAnotherTenantsId_isForbidden() {
    String uploadId = init("mine.zip", null).get("upload_id").asText();
    String other = server.newTenant();
    AllureAnswer url =
        call(
            other,
            "/api/v1/packages/multipart/part-url",
            Map.of("upload_id", uploadId, "part_number", 1));
    assertError(url, 404, "Not Found", "UPLOAD_NOT_FOUND");
    AllureAnswer done =
        call(
            other,
            "/api/v1/packages/multipart/complete",
            Map.of("upload_id", uploadId, "parts", List.of(part(1, "\"x\""))));
    assertError(done, 404, "Not Found", "UPLOAD_NOT_FOUND");
    AllureAnswer wrongTenant =
        call(
            other,
            "/api/v1/packages/multipart/init",
            Map.of("tenant_id", tenantId, "filename", "x.zip"));
    assertError(wrongTenant, 403, "Forbidden", "TENANT_MISMATCH");
  }

  @Test
  void partSize_defaultsToFiveMebibytes() {
    assertThat(MultipartUploads.partSizeFrom(Map.of())).isEqualTo(5_242_880L);
    assertThat(MultipartUploads.partSizeFrom(Map.of("COURSEPORT_MULTIPART_PART_SIZE", "1024")))
        .isEqualTo(1024L);
  }

  @Test
  void orphanAge_defaultsToOneDay_andIsConfigurable() {
    assertThat(MultipartUploads.orphanAgeFrom(Map.of())).isEqualTo(Duration.ofDays(1));
    assertThat(
            MultipartUploads.orphanAgeFrom(
                Map.of("COURSEPORT_MULTIPART_ORPHAN_AGE_SECONDS", "3600")))
        .isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(
            () ->
                MultipartUploads.orphanAgeFrom(
                    Map.of("COURSEPORT_MULTIPART_ORPHAN_AGE_SECONDS", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("COURSEPORT_MULTIPART_ORPHAN_AGE_SECONDS");
  }
}
