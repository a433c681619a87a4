package org.courseport.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A multipart upload made through the Allure routes of a server process: started, every part PUT to
 * its signed URL (each answered 200 with its ETag), not completed.
 */
record MultipartUpload(String uploadId, List<String> etags, long size, String sha256) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Starts an upload of random bytes ({@code seed}) whose parts have {@code sizes}, and PUTs them
   * in order; the server's part size must be {@code partSize}.
   */
  static MultipartUpload upload(
      RestClient api, String tenant, int partSize, long seed, int... sizes) throws Exception {
    int total = 0;
    for (int size : sizes) {
      total += size;
    }
    byte[] whole = new byte[total];
    new Random(seed).nextBytes(whole);
    HttpResponse<String> initRes =
        api.allure(
            "POST",
            "/api/v1/packages/multipart/init",
            "{\"tenant_id\":\""
                + tenant
                + "\",\"uploaded_by\":\"crash\",\"filename\":\"big.zip\",\"file_size\":"
                + whole.length
                + "}");
    JsonNode init = json(initRes);
    String uploadId = init.get("upload_id").asText();
    assertThat(init.get("part_size").asLong()).isEqualTo(partSize);
    List<String> etags = new ArrayList<>();
    int offset = 0;
    for (int n = 1; n <= sizes.length; n++) {
      String url =
          json(api.allure(
                  "POST",
                  "/api/v1/packages/multipart/part-url",
                  "{\"upload_id\":\"" + uploadId + "\",\"part_number\":" + n + "}"))
              .get("url")
              .asText();
      HttpResponse<String> put =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url))
                      .header("Content-Type", "application/zip")
                      .PUT(HttpRequest.BodyPublishers.ofByteArray(whole, offset, sizes[n - 1]))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      etags.add(put.headers().firstValue("ETag").orElseThrow());
      offset += sizes[n - 1];
    }
    return new MultipartUpload(uploadId, etags, whole.length, sha256(whole));
  }

  /** The body of {@code POST /api/v1/packages/multipart/complete} naming every part. */
  String completeBody() {
    StringBuilder parts = new StringBuilder();
    for (int i = 0; i < etags.size(); i++) {
      if (i > 0) {
        parts.append(',');
      }
      parts
          .append("{\"part_number\":")
          .append(i + 1)
          .append(",\"etag\":")
          .append(JSON.valueToTree(etags.get(i)).toString())
          .append('}');
    }
    return "{\"upload_id\":\"" + uploadId + "\",\"parts\":[" + parts + "]}";
  }

  /** Sends the completion once. */
  HttpResponse<String> complete(RestClient api) throws Exception {
    return api.allure("POST", "/api/v1/packages/multipart/complete", completeBody());
  }

  /**
   * Completes the upload until it is no longer refused as being completed (the claim of a
   * completion whose server died holds until its lease runs out); the answer's body.
   */
  JsonNode awaitCompletion(RestClient api) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      HttpResponse<String> res = complete(api);
      if (res.statusCode() == 200) {
        return JSON.readTree(res.body());
      }
      assertThat(res.body()).as("status %s", res.statusCode()).contains("UPLOAD_COMPLETED");
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the multipart upload stayed claimed: " + res.body());
      }
      Thread.sleep(100);
    }
  }

  /** Where the file blob store keeps the whole upload's blob. */
  Path blobFile(Path dataDir) {
    return dataDir
        .resolve("blobs")
        .resolve(sha256.substring(0, 2))
        .resolve(sha256.substring(2, 4))
        .resolve(sha256);
  }

  private static JsonNode json(HttpResponse<String> res) throws Exception {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return JSON.readTree(res.body());
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
