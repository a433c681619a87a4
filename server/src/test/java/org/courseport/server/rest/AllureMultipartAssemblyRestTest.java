package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.coursepackage.MultipartUploads;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The multipart upload's assembly ahead of completion, through the real server: parts that arrive
 * in order are appended to the blob while the upload goes on, and completion keeps them only while
 * each part still has the bytes (ETag) it had when appended.
 */
class AllureMultipartAssemblyRestTest {
  private static final int PART_SIZE = 256;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          .with("COURSEPORT_MULTIPART_PART_SIZE", Integer.toString(PART_SIZE));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String base = server.http().toString();
  private final String tenantId =
      server.server().services().tenantDirectory().uuidOf(Bootstrap.DEFAULT_TENANT);
  private final MultipartUploads multipart = server.server().services().multipartUploads();
  private final BlobStore blobs = server.server().services().blobs();

  private HttpResponse<byte[]> post(String path, Object body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("X-API-Key", CourseportServerExtension.KEY)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(),
        BodyHandlers.ofByteArray());
  }

  private JsonNode ok(HttpResponse<byte[]> r) throws Exception {
    assertThat(r.statusCode()).as("%s", new String(r.body())).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private String init(long size) throws Exception {
    return ok(post(
            "/api/v1/packages/multipart/init",
            Map.of(
                "tenant_id",
                tenantId,
                "uploaded_by",
                "u",
                "filename",
                "ahead.zip",
                "file_size",
                size)))
        .get("upload_id")
        .asText();
  }

  /** PUTs one part and answers its ETag. */
  private String put(String uploadId, int number, byte[] bytes) throws Exception {
    String url =
        ok(post(
                "/api/v1/packages/multipart/part-url",
                Map.of("upload_id", uploadId, "part_number", number)))
            .get("url")
            .asText();
    HttpResponse<byte[]> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/zip")
                .PUT(BodyPublishers.ofByteArray(bytes))
                .build(),
            BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as("%s", new String(r.body())).isEqualTo(200);
    return r.headers().firstValue("ETag").orElseThrow();
  }

  private HttpResponse<byte[]> complete(String uploadId, List<String> etags) throws Exception {
    List<Map<String, Object>> parts = new ArrayList<>();
    for (int i = 0; i < etags.size(); i++) {
      parts.add(Map.of("part_number", i + 1, "etag", etags.get(i)));
    }
    return post(
        "/api/v1/packages/multipart/complete", Map.of("upload_id", uploadId, "parts", parts));
  }

  private static List<byte[]> split(byte[] zip) {
    List<byte[]> parts = new ArrayList<>();
    for (int off = 0; off < zip.length; off += PART_SIZE) {
      parts.add(Arrays.copyOfRange(zip, off, Math.min(zip.length, off + PART_SIZE)));
    }
    return parts;
  }

  private byte[] storedBlob(byte[] zip) throws Exception {
    String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
    assertThat(blobs.exists(id)).as("blob %s", id).isTrue();
    try (InputStream in = blobs.open(id)) {
      return in.readAllBytes();
    }
  }

  @Test
  void partsInOrder_areAppendedAhead_aRefusedCompletionKeepsThem_andTheZipIsExact()
      throws Exception {
    byte[] zip = TestPackages.scorm12("Assembled Ahead");
    List<byte[]> parts = split(zip);
    assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
    String uploadId = init(zip.length);
    List<String> etags = new ArrayList<>();
    for (int n = 1; n <= parts.size(); n++) {
      etags.add(put(uploadId, n, parts.get(n - 1)));
    }

    assertThat(multipart.awaitAssembledAhead(uploadId, parts.size(), WAIT)).isEqualTo(parts.size());

    List<String> wrong = new ArrayList<>(etags);
    wrong.set(1, "\"00000000000000000000000000000000\"");
    HttpResponse<byte[]> refused = complete(uploadId, wrong);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(new String(refused.body())).contains("PART_ETAG_MISMATCH");

    JsonNode done = ok(complete(uploadId, etags));
    assertThat(done.get("size").asLong()).isEqualTo(zip.length);
    assertThat(storedBlob(zip)).isEqualTo(zip);
    JsonNode processed =
        ok(
            post(
                "/api/v1/packages/process",
                Map.of(
                    "tenant_id",
                    tenantId,
                    "uploaded_by",
                    "u",
                    "storage_path",
                    done.get("storage_path").asText(),
                    "original_filename",
                    "ahead.zip")));
    assertThat(processed.get("manifest").get("title").asText()).isEqualTo("Assembled Ahead");
  }

  @Test
  void aPartSentAgainAfterItWasAppended_winsAndTheZipIsAssembledAgain() throws Exception {
    byte[] zip = TestPackages.scorm12("Part Sent Again");
    List<byte[]> parts = split(zip);
    String uploadId = init(zip.length);
    byte[] wrong = new byte[PART_SIZE];
    Arrays.fill(wrong, (byte) 'x');
    List<String> etags = new ArrayList<>();
    for (int n = 1; n <= parts.size(); n++) {
      etags.add(put(uploadId, n, n == 2 ? wrong : parts.get(n - 1)));
    }
    // The wrong part 2 is in the blob being assembled, and so are the parts after it.
    assertThat(multipart.awaitAssembledAhead(uploadId, parts.size(), WAIT)).isEqualTo(parts.size());

    etags.set(1, put(uploadId, 2, parts.get(1)));
    JsonNode done = ok(complete(uploadId, etags));

    assertThat(done.get("size").asLong()).isEqualTo(zip.length);
    assertThat(storedBlob(zip)).isEqualTo(zip);
  }

  @Test
  void partsOutOfOrder_areAppendedOnceTheGapIsFilled() throws Exception {
    byte[] zip = TestPackages.scorm12("Gap Filled Last");
    List<byte[]> parts = split(zip);
    String uploadId = init(zip.length);
    String[] etags = new String[parts.size()];
    for (int n = 2; n <= parts.size(); n++) {
      etags[n - 1] = put(uploadId, n, parts.get(n - 1));
    }
    // Nothing can be appended before part 1.
    assertThat(multipart.awaitAssembledAhead(uploadId, 1, Duration.ZERO)).isZero();

    etags[0] = put(uploadId, 1, parts.get(0));

    assertThat(multipart.awaitAssembledAhead(uploadId, parts.size(), WAIT)).isEqualTo(parts.size());
    ok(complete(uploadId, List.of(etags)));
    assertThat(storedBlob(zip)).isEqualTo(zip);
  }
}
