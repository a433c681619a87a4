package org.courseport.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.courseport.server.storage.blob.GridFsUploadStaging;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multipart upload staging on GridFS ({@code COURSEPORT_BLOB_STORE=gridfs}: parts in the bucket
 * {@code uploadParts}, records in {@code uploadPartRefs}) across a SIGKILL of the server jar, using
 * the public HTTP API only. An upload with acknowledged parts and one part {@code PUT} in flight
 * when the process dies keeps its acknowledged parts: after the restart the remaining parts and
 * {@code complete} succeed and the package processes. An upload abandoned the same way (in an
 * earlier process, opened with a short lifetime) is removed by the sweeper once it has expired: its
 * files, chunks and part records. What is left in GridFS afterwards is only the chunks the two
 * killed {@code PUT}s wrote before they died: chunks of no file, which no reader sees.
 *
 * <p>Each middle is reached by observing it (the in-flight {@code PUT}'s first chunk in the
 * database, through the embedded store's port), not by timing.
 */
class GridFsStagingCrashIT {
  private static final String KEY = "staging-app:staging-secret-123";
  private static final int SIGKILL_EXIT = 128 + 9;
  private static final int PART_SIZE = 512 * 1024;

  /** Sent of a part before the kill: more than one GridFS chunk (255 KiB), less than the part. */
  private static final int IN_FLIGHT = 400 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private final int mongoPort = freePort();

  private Map<String, String> env(String ttlSeconds, String firstSweepSeconds) {
    Map<String, String> env = new HashMap<>();
    env.put("COURSEPORT_BLOB_STORE", "gridfs");
    env.put("COURSEPORT_EMBEDDED_MONGO_PORT", Integer.toString(mongoPort));
    env.put("COURSEPORT_MULTIPART_PART_SIZE", Integer.toString(PART_SIZE));
    env.put("COURSEPORT_UPLOAD_CLAIM_LEASE_SECONDS", "6");
    if (ttlSeconds != null) {
      env.put("COURSEPORT_MULTIPART_TTL_SECONDS", ttlSeconds);
    }
    if (firstSweepSeconds != null) {
      env.put("COURSEPORT_SWEEP_FIRST_RUN_SECONDS", firstSweepSeconds);
    }
    return env;
  }

  @Test
  void kill9_midMultipartPut_keepsAcknowledgedParts_andTheSweeperRemovesAnAbandonedUpload()
      throws Exception {
    Path jar = Path.of(System.getProperty("courseport.serverJar", "target/courseport-server.jar"));
    assumeTrue(Files.exists(jar), "server jar not built at " + jar);
    byte[] abandonedZip = random(2 * PART_SIZE, 5);
    byte[] kept = packageOfThreeParts();

    // 1. An upload abandoned by a process that died: part 1 acknowledged, part 2 in flight.
    String abandoned;
    Instant abandonedExpires;
    try (ServerProcess server = ServerProcess.start(jar, dataDir, KEY, env("20", null))) {
      server.awaitPorts();
      RestClient api = new RestClient(server.httpPort(), KEY);
      api.awaitHealthy();
      String tenant = tenant(api);
      abandoned = init(api, tenant, "abandoned.zip", abandonedZip.length);
      // At the latest: the server took its expiry before it answered.
      abandonedExpires = Instant.now().plusSeconds(20);
      put(partUrl(api, abandoned, 1), abandonedZip, 0, PART_SIZE);
      Set<ObjectId> before = unfinishedChunkOwners();
      Socket inFlight = startPut(partUrl(api, abandoned, 2), abandonedZip, PART_SIZE, PART_SIZE);
      awaitNewUnfinishedChunk(before);
      assertThat(server.kill()).as("exit code of a SIGKILLed JVM").isEqualTo(SIGKILL_EXIT);
      inFlight.close();
    }

    // 2. The upload that goes on: part 1 acknowledged, part 2 in flight, part 3 not sent.
    String uploadId;
    String tenant;
    String etag1;
    try (ServerProcess server = ServerProcess.start(jar, dataDir, KEY, env(null, null))) {
      server.awaitPorts();
      RestClient api = new RestClient(server.httpPort(), KEY);
      api.awaitHealthy();
      tenant = tenant(api);
      uploadId = init(api, tenant, "kept.zip", kept.length);
      etag1 = put(partUrl(api, uploadId, 1), kept, 0, PART_SIZE);
      Set<ObjectId> before = unfinishedChunkOwners();
      Socket inFlight = startPut(partUrl(api, uploadId, 2), kept, PART_SIZE, PART_SIZE);
      awaitNewUnfinishedChunk(before);
      assertThat(server.kill()).as("exit code of a SIGKILLed JVM").isEqualTo(SIGKILL_EXIT);
      inFlight.close();
    }
    // 3. Restarted, with the sweeper's first run after the abandoned upload has expired.
    long untilExpired =
        Math.max(0, abandonedExpires.getEpochSecond() - Instant.now().getEpochSecond());
    String firstSweep = Long.toString(untilExpired + 3);
    try (ServerProcess server = ServerProcess.start(jar, dataDir, KEY, env(null, firstSweep))) {
      server.awaitPorts();
      RestClient api = new RestClient(server.httpPort(), KEY);
      api.awaitHealthy();

      // The acknowledged parts are still there (the killed PUTs left no file): only parts 2 and
      // 3 of the kept upload are sent again.
      assertThat(stagedFiles(uploadId)).as("part 1 of the kept upload").isEqualTo(1);
      assertThat(partRefs(uploadId)).isEqualTo(1);
      String etag2 = put(partUrl(api, uploadId, 2), kept, PART_SIZE, PART_SIZE);
      String etag3 =
          put(partUrl(api, uploadId, 3), kept, 2 * PART_SIZE, kept.length - 2 * PART_SIZE);
      JsonNode completed =
          json(
              api.allure(
                  "POST",
                  "/api/v1/packages/multipart/complete",
                  "{\"upload_id\":\""
                      + uploadId
                      + "\",\"parts\":["
                      + part(1, etag1)
                      + ","
                      + part(2, etag2)
                      + ","
                      + part(3, etag3)
                      + "]}"),
              200,
              server);
      assertThat(completed.get("size").asLong()).isEqualTo(kept.length);
      JsonNode processed =
          json(
              api.allure(
                  "POST",
                  "/api/v1/packages/process",
                  "{\"tenant_id\":\""
                      + tenant
                      + "\",\"uploaded_by\":\"crash\",\"storage_path\":\""
                      + completed.get("storage_path").asText()
                      + "\",\"original_filename\":\"kept.zip\"}"),
              200,
              server);
      assertThat(processed.get("manifest").get("title").asText()).isEqualTo("Kept Across A Crash");
      String packageId = processed.get("package").get("package_id").asText();
      assertThat(api.allure("GET", "/api/v1/packages/" + packageId, null).statusCode())
          .isEqualTo(200);
      assertThat(stagedFiles(uploadId)).as("the completed upload's parts are gone").isZero();

      // The sweeper removes the abandoned upload's parts and records.
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2); // hang detection only
      while (stagedFiles(abandoned) > 0 || partRefs(abandoned) > 0) {
        assertThat(System.nanoTime()).as(server.output()).isLessThan(deadline);
        Thread.sleep(200);
      }
      // What is left in uploadParts: only the chunks the two killed PUTs wrote (no file names
      // them, no reader sees them; see the class comment).
      try (MongoClient client = mongo()) {
        MongoDatabase db = client.getDatabase("courseport");
        assertThat(db.getCollection(GridFsUploadStaging.BUCKET + ".files").countDocuments())
            .isZero();
        assertThat(db.getCollection(GridFsUploadStaging.REFS).countDocuments()).isZero();
        Set<ObjectId> owners = unfinishedChunkOwners();
        assertThat(owners).as("chunks of the two killed PUTs only").hasSizeLessThanOrEqualTo(2);
        long bytes = 0;
        for (Document c : db.getCollection(GridFsUploadStaging.BUCKET + ".chunks").find()) {
          bytes += c.get("data", org.bson.types.Binary.class).length();
        }
        assertThat(bytes)
            .as("at most what the killed PUTs sent")
            .isLessThanOrEqualTo(2L * IN_FLIGHT);
      }
      assertThat(server.stop()).as(server.output()).isIn(0, 143);
    }
  }

  // --- the public HTTP API -------------------------------------------------------------------

  private static String tenant(RestClient api) throws Exception {
    return JSON.readTree(api.allure("GET", "/api/v1/tenant", null).body())
        .get("tenant_id")
        .asText();
  }

  private static String init(RestClient api, String tenant, String name, long size)
      throws Exception {
    HttpResponse<String> r =
        api.allure(
            "POST",
            "/api/v1/packages/multipart/init",
            "{\"tenant_id\":\""
                + tenant
                + "\",\"uploaded_by\":\"crash\",\"filename\":\""
                + name
                + "\",\"file_size\":"
                + size
                + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode init = JSON.readTree(r.body());
    assertThat(init.get("part_size").asLong()).isEqualTo(PART_SIZE);
    return init.get("upload_id").asText();
  }

  private static String partUrl(RestClient api, String uploadId, int n) throws Exception {
    HttpResponse<String> r =
        api.allure(
            "POST",
            "/api/v1/packages/multipart/part-url",
            "{\"upload_id\":\"" + uploadId + "\",\"part_number\":" + n + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("url").asText();
  }

  /** PUTs the bytes of a part and returns its ETag. */
  private static String put(String url, byte[] bytes, int from, int length) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/zip")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes, from, length))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.headers().firstValue("ETag").orElseThrow();
  }

  /** Sends a part PUT's head and its first {@link #IN_FLIGHT} bytes over a raw connection. */
  private static Socket startPut(String url, byte[] bytes, int from, int length)
      throws IOException {
    URI uri = URI.create(url);
    Socket socket = new Socket("127.0.0.1", uri.getPort());
    OutputStream out = socket.getOutputStream();
    out.write(
        ("PUT "
                + uri.getRawPath()
                + "?"
                + uri.getRawQuery()
                + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + uri.getPort()
                + "\r\nContent-Type: application/zip\r\nContent-Length: "
                + length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(bytes, from, IN_FLIGHT);
    out.flush();
    return socket;
  }

  private static String part(int n, String etag) {
    return "{\"part_number\":" + n + ",\"etag\":" + JSON.valueToTree(etag) + "}";
  }

  private static JsonNode json(HttpResponse<String> r, int status, ServerProcess server)
      throws IOException {
    assertThat(r.statusCode()).as("%s\n%s", r.body(), server.output()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  // --- observing GridFS through the embedded store's port ------------------------------------

  private MongoClient mongo() {
    return MongoClients.create("mongodb://127.0.0.1:" + mongoPort);
  }

  /** The owners of chunks that no uploadParts file names: PUTs under way or killed. */
  private Set<ObjectId> unfinishedChunkOwners() {
    try (MongoClient client = mongo()) {
      MongoDatabase db = client.getDatabase("courseport");
      Set<ObjectId> files = new HashSet<>();
      db.getCollection(GridFsUploadStaging.BUCKET + ".files")
          .find()
          .forEach(d -> files.add(d.getObjectId("_id")));
      Set<ObjectId> owners = new HashSet<>();
      db.getCollection(GridFsUploadStaging.BUCKET + ".chunks")
          .distinct("files_id", ObjectId.class)
          .forEach(
              id -> {
                if (!files.contains(id)) {
                  owners.add(id);
                }
              });
      return owners;
    }
  }

  /** Waits until the PUT under way has written its first chunk (hang detection: a minute). */
  private void awaitNewUnfinishedChunk(Set<ObjectId> before) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      Set<ObjectId> now = unfinishedChunkOwners();
      now.removeAll(before);
      if (!now.isEmpty()) {
        return;
      }
      assertThat(System.nanoTime())
          .as("the PUT in flight never wrote a chunk")
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** The upload's staged files (parts) in uploadParts.files. */
  private long stagedFiles(String uploadId) {
    try (MongoClient client = mongo()) {
      return client
          .getDatabase("courseport")
          .getCollection(GridFsUploadStaging.BUCKET + ".files")
          .countDocuments(Filters.eq("metadata.uploadId", uploadId));
    }
  }

  private long partRefs(String uploadId) {
    try (MongoClient client = mongo()) {
      return client
          .getDatabase("courseport")
          .getCollection(GridFsUploadStaging.REFS)
          .countDocuments(Filters.eq("uploadId", uploadId));
    }
  }

  // --- bytes ------------------------------------------------------------------------------------

  /** A SCORM 1.2 package of three parts: its media file does not compress. */
  private static byte[] packageOfThreeParts() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out);
        ZipInputStream small =
            new ZipInputStream(
                new java.io.ByteArrayInputStream(TestPackages.scorm12("Kept Across A Crash")))) {
      for (ZipEntry e = small.getNextEntry(); e != null; e = small.getNextEntry()) {
        zip.putNextEntry(new ZipEntry(e.getName()));
        small.transferTo(zip);
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry("media.bin"));
      zip.write(random(2 * PART_SIZE + 100 * 1024, 9));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] bytes = out.toByteArray();
    assertThat(bytes.length).isBetween(2 * PART_SIZE + 1, 3 * PART_SIZE);
    return bytes;
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
