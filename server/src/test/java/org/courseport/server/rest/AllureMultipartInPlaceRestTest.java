package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.coursepackage.MultipartUploads;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Parts written in place into the upload's data file, through the real server: the first PUT of a
 * part writes at {@code (n - 1) × part size}, later and overlapping PUTs of it write files of their
 * own, the last PUT completed wins, and the in-order SHA-256 (the blob's id) is the zip's whatever
 * the order the parts arrive in and whichever PUTs were repeated.
 */
class AllureMultipartInPlaceRestTest {
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

  private static JsonNode ok(HttpResponse<byte[]> r) throws Exception {
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
                "inplace.zip",
                "file_size",
                size)))
        .get("upload_id")
        .asText();
  }

  private String partUrl(String uploadId, int number) throws Exception {
    return ok(post(
            "/api/v1/packages/multipart/part-url",
            Map.of("upload_id", uploadId, "part_number", number)))
        .get("url")
        .asText();
  }

  /** PUTs one part and answers its ETag. */
  private String put(String uploadId, int number, byte[] bytes) throws Exception {
    HttpResponse<byte[]> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(partUrl(uploadId, number)))
                .header("Content-Type", "application/zip")
                .PUT(BodyPublishers.ofByteArray(bytes))
                .build(),
            BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as("%s", new String(r.body())).isEqualTo(200);
    return r.headers().firstValue("ETag").orElseThrow();
  }

  /** Opens a part PUT straight on the domain, as the PUT route does, to interleave it. */
  private MultipartUploads.PartReceiving open(String uploadId, int number) throws Exception {
    URI url = URI.create(partUrl(uploadId, number));
    Map<String, String> query = new HashMap<>();
    for (String pair : url.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      query.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return multipart.receive(
        uploadId,
        number,
        query.get("tenant"),
        Long.parseLong(query.get("expires")),
        query.get("kid"),
        query.get("sig"));
  }

  private HttpResponse<byte[]> complete(String uploadId, List<String> etags) throws Exception {
    List<Map<String, Object>> parts = new ArrayList<>();
    for (int i = 0; i < etags.size(); i++) {
      parts.add(Map.of("part_number", i + 1, "etag", etags.get(i)));
    }
    return post(
        "/api/v1/packages/multipart/complete", Map.of("upload_id", uploadId, "parts", parts));
  }

  private static List<byte[]> split(byte[] zip, int firstPart) {
    List<byte[]> parts = new ArrayList<>();
    parts.add(Arrays.copyOfRange(zip, 0, firstPart));
    for (int off = firstPart; off < zip.length; off += PART_SIZE) {
      parts.add(Arrays.copyOfRange(zip, off, Math.min(zip.length, off + PART_SIZE)));
    }
    return parts;
  }

  private static String md5(byte[] bytes) throws Exception {
    return '"' + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + '"';
  }

  /** The blob stored under the zip's SHA-256: the id the in-order hashing computed. */
  private byte[] storedBlob(byte[] zip) throws Exception {
    String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
    assertThat(blobs.exists(id)).as("blob %s", id).isTrue();
    try (InputStream in = blobs.open(id)) {
      return in.readAllBytes();
    }
  }

  private Path uploadDir(String uploadId) {
    return server.dataDir().resolve("multipart").resolve(uploadId);
  }

  @Test
  void partsInReverseOrder_withRetriedParts_giveTheZipsSha256AndBytes() throws Exception {
    byte[] zip = TestPackages.scorm12("In Place Reverse");
    List<byte[]> parts = split(zip, PART_SIZE);
    assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
    String uploadId = init(zip.length);
    byte[] wrong = new byte[PART_SIZE];
    Arrays.fill(wrong, (byte) 'x');
    String[] etags = new String[parts.size()];
    for (int n = parts.size(); n >= 1; n--) {
      if (n == 2) {
        put(uploadId, n, wrong); // in place, then replaced by a file of its own
      }
      etags[n - 1] = put(uploadId, n, parts.get(n - 1));
    }
    etags[2] = put(uploadId, 3, parts.get(2)); // the same bytes again
    assertThat(Files.exists(uploadDir(uploadId).resolve("1.in"))).isTrue();
    assertThat(Files.exists(uploadDir(uploadId).resolve("2.part"))).isTrue();
    assertThat(Files.exists(uploadDir(uploadId).resolve("2.in"))).isTrue();
    assertThat(multipart.awaitAssembledAhead(uploadId, parts.size(), WAIT)).isEqualTo(parts.size());

    JsonNode done = ok(complete(uploadId, List.of(etags)));

    assertThat(done.get("size").asLong()).isEqualTo(zip.length);
    assertThat(storedBlob(zip)).isEqualTo(zip);
    assertThat(Files.exists(uploadDir(uploadId))).isFalse();
  }

  @Test
  void aPutInPlaceFinishingAfterAnOverlappingPut_wins() throws Exception {
    byte[] zip = TestPackages.scorm12("In Place Last Wins");
    List<byte[]> parts = split(zip, PART_SIZE);
    String uploadId = init(zip.length);
    List<String> etags = new ArrayList<>();
    for (int n = 1; n <= parts.size(); n++) {
      etags.add(n == 2 ? null : put(uploadId, n, parts.get(n - 1)));
    }
    byte[] wrong = new byte[PART_SIZE];
    Arrays.fill(wrong, (byte) 'y');
    // First PUT of part 2 (in place) with the right bytes, half written ...
    MultipartUploads.PartReceiving first = open(uploadId, 2);
    first.write(parts.get(1), 0, PART_SIZE / 2);
    // ... an overlapping PUT with other bytes completes meanwhile (a file of its own) ...
    String overlapping = put(uploadId, 2, wrong);
    assertThat(overlapping).isEqualTo(md5(wrong));
    // ... and the first completes last: it wins.
    first.write(parts.get(1), PART_SIZE / 2, PART_SIZE / 2);
    String last = '"' + first.finish() + '"';
    first.close();
    assertThat(last).isEqualTo(md5(parts.get(1)));

    etags.set(1, overlapping);
    HttpResponse<byte[]> refused = complete(uploadId, etags);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(new String(refused.body())).contains("PART_ETAG_MISMATCH").contains("2");

    etags.set(1, last);
    ok(complete(uploadId, etags));
    assertThat(storedBlob(zip)).isEqualTo(zip);
  }

  @Test
  void anOverlappingPutFinishingLast_winsOverThePartInPlace() throws Exception {
    byte[] zip = TestPackages.scorm12("Own File Last Wins");
    List<byte[]> parts = split(zip, PART_SIZE);
    String uploadId = init(zip.length);
    List<String> etags = new ArrayList<>();
    for (int n = 1; n <= parts.size(); n++) {
      etags.add(n == 2 ? null : put(uploadId, n, parts.get(n - 1)));
    }
    byte[] wrong = new byte[PART_SIZE];
    Arrays.fill(wrong, (byte) 'z');
    MultipartUploads.PartReceiving inPlace = open(uploadId, 2);
    MultipartUploads.PartReceiving ownFile = open(uploadId, 2);
    inPlace.write(wrong, 0, PART_SIZE);
    ownFile.write(parts.get(1), 0, PART_SIZE);
    inPlace.finish();
    inPlace.close();
    etags.set(1, '"' + ownFile.finish() + '"');
    ownFile.close();

    ok(complete(uploadId, etags));
    assertThat(storedBlob(zip)).isEqualTo(zip);
  }

  @Test
  void aPutStillWritingInPlace_isStoppedByCompletion_andTheZipIsExact() throws Exception {
    byte[] zip = TestPackages.scorm12("In Place Revoked");
    List<byte[]> parts = split(zip, PART_SIZE);
    String uploadId = init(0);
    List<String> etags = new ArrayList<>();
    for (int n = 1; n <= parts.size(); n++) {
      etags.add(put(uploadId, n, parts.get(n - 1)));
    }
    // A part after the last one listed, being written into the data file past the zip's end.
    MultipartUploads.PartReceiving extra = open(uploadId, parts.size() + 1);
    extra.write(new byte[PART_SIZE], 0, PART_SIZE / 2);

    ok(complete(uploadId, etags));

    assertThatThrownBy(() -> extra.write(new byte[PART_SIZE], 0, PART_SIZE / 2))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("completed");
    extra.close();
    assertThat(storedBlob(zip)).isEqualTo(zip);
  }

  @Test
  void aFirstPartLongerThanThePartSize_movesToItsOwnFile_andTheZipIsExact() throws Exception {
    byte[] zip = TestPackages.scorm12("Long First Part");
    List<byte[]> parts = split(zip, PART_SIZE + 17);
    assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
    String uploadId = init(zip.length);
    String[] etags = new String[parts.size()];
    for (int n = parts.size(); n >= 2; n--) {
      etags[n - 1] = put(uploadId, n, parts.get(n - 1));
    }
    // Part 1 in place until its body passes the part size, then moved to a file of its own.
    MultipartUploads.PartReceiving first = open(uploadId, 1);
    first.write(parts.get(0), 0, PART_SIZE - 6);
    first.write(parts.get(0), PART_SIZE - 6, parts.get(0).length - (PART_SIZE - 6));
    etags[0] = '"' + first.finish() + '"';
    first.close();
    assertThat(etags[0]).isEqualTo(md5(parts.get(0)));
    assertThat(Files.exists(uploadDir(uploadId).resolve("1.part"))).isTrue();
    assertThat(Files.exists(uploadDir(uploadId).resolve("1.in"))).isFalse();

    JsonNode done = ok(complete(uploadId, List.of(etags)));

    assertThat(done.get("size").asLong()).isEqualTo(zip.length);
    assertThat(storedBlob(zip)).isEqualTo(zip);
  }
}
