package org.courseport.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.bson.Document;
import org.courseport.server.storage.mongo.EmbeddedMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the server jar in the middle of work, then a restart on the same data
 * directory. The first kill lands while a SCORM Cloud upload and a presigned PUT are streaming
 * their bodies, an import job is RUNNING (fetching its package from a loopback server that holds
 * the download), a Canvas content export is exporting (its external image held the same way), the
 * parts of a multipart upload are being assembled ahead, and a webhook delivery is at the receiver,
 * which holds it. The second kill lands while a multipart completion assembles its blob. Each
 * middle is reached by observing it (the request at the loopback server, the job's state, a temp
 * file growing in the blob store), never by waiting a while.
 *
 * <p>After the restarts every job ended COMPLETE or exported, the held downloads were made again,
 * the uploads can be retried and stored, every stored event reached the receiver (at least once,
 * under its stable delivery id: the delivery killed at the receiver arrives twice with the same id
 * and event), every course version is whole, and no blob or temp file is left that nothing refers
 * to.
 */
class FaultInjectionIT {
  private static final String KEY = "fault-app:fault-secret-123";
  private static final int SIGKILL_EXIT = 128 + 9;
  private static final int PART_SIZE = 16 << 20;
  private static final int PARTS = 8;
  private static final int FIRST_PART = PART_SIZE + (1 << 20);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private final long t0 = System.nanoTime();

  private void mark(String step) {
    System.out.printf("[fault-it] %6d ms %s%n", (System.nanoTime() - t0) / 1_000_000, step);
  }

  @Test
  void kill9_midUploadImportExportCompletionAndDelivery_recoversAndLeavesNoOrphans()
      throws Exception {
    Path jar = Path.of(System.getProperty("courseport.serverJar", "target/courseport-server.jar"));
    assumeTrue(Files.exists(jar), "server jar not built at " + jar);
    byte[] png = TestImages.png();
    byte[] fetched = TestPackages.scorm12("Fetched after the crash");
    try (Outside outside = new Outside(fetched, png)) {
      Map<String, String> env = new HashMap<>();
      env.put("COURSEPORT_FETCH_ALLOW", "127.0.0.1");
      env.put("COURSEPORT_WEBHOOK_PLAIN_HTTP_HOSTS", "127.0.0.1");
      env.put("COURSEPORT_IMPORT_LEASE_SECONDS", "6");
      env.put("COURSEPORT_CONTENT_EXPORT_LEASE_SECONDS", "6");
      env.put("COURSEPORT_CONTENT_EXPORT_POLL_SECONDS", "1");
      env.put("COURSEPORT_DELIVERY_LEASE_SECONDS", "6");
      env.put("COURSEPORT_UPLOAD_CLAIM_LEASE_SECONDS", "6");
      env.put("COURSEPORT_MULTIPART_PART_SIZE", Integer.toString(PART_SIZE));

      String endpointId;
      String exportPath;
      String fetchJob;
      String doneJob;
      MultipartUpload multipart;
      Path cloudTemp;
      Path putTemp;
      String putUrl;
      byte[] putBody = random(3 << 20, 7);
      Outside.Received held;
      try (ServerProcess server = ServerProcess.start(jar, dataDir, KEY, env)) {
        server.awaitPorts();
        RestClient api = new RestClient(server.httpPort(), KEY);
        api.awaitHealthy();
        mark("healthy");
        String tenant =
            json(api.allure("GET", "/api/v1/tenant", null), 200).get("tenant_id").asText();
        endpointId =
            json(
                    api.allure(
                        "POST",
                        "/api/v1/webhooks",
                        "{\"url\":\""
                            + outside.url("/hook")
                            + "\",\"events\":[\"package.processing.completed\","
                            + "\"package.processing.failed\"]}"),
                    200)
                .get("endpoint")
                .get("endpoint_id")
                .asText();
        // The parts of a large multipart upload, all PUT (their assembly ahead is under way).
        mark("multipart parts");
        // The first part is longer than the part size (allowed, as S3 does), so that the
        // completion copies every part into a new blob in the blob store's temp directory: a file
        // that grows while it works and that the test can watch (aligned parts are moved by a hard
        // link at once; MultipartCompletionCrashIT kills that completion).
        int[] sizes = new int[PARTS];
        java.util.Arrays.fill(sizes, PART_SIZE);
        sizes[0] = FIRST_PART;
        multipart = MultipartUpload.upload(api, tenant, PART_SIZE, 11, sizes);
        mark("authored course");
        String courseId = authoredCourseWithExternalImage(api, outside.url("/media/cell.png"));

        // A Canvas content export, held while it downloads the course's external image.
        JsonNode started =
            json(
                api.post(
                    "/api/v1/courses/" + courseId + "/content_exports",
                    "{\"export_type\":\"zip\"}"),
                200);
        exportPath =
            "/api/v1/courses/" + courseId + "/content_exports/" + started.get("id").asText();
        mark("content export held");
        outside.media.awaitRequest(1);
        assertThat(json(api.get(exportPath), 200).get("workflow_state").asText())
            .isEqualTo("exporting");

        // An import job, RUNNING, held while it downloads its package.
        HttpResponse<String> fetch =
            api.post(
                "/api/v2/courses/importJobs?courseId=fault-fetch",
                "{\"url\":\"" + outside.url("/pkg.zip") + "\"}");
        fetchJob = json(fetch, 200).get("result").asText();
        mark("import job held");
        outside.pkg.awaitRequest(1);
        assertThat(
                json(api.get("/api/v2/courses/importJobs/" + fetchJob), 200).get("status").asText())
            .isEqualTo("RUNNING");

        // A SCORM Cloud upload and a presigned PUT, each killed with part of its body received.
        Set<Path> before = tempFiles();
        Socket cloud = ScormCloudUpload.start(server.httpPort(), random(6 << 20, 3), 3 << 20);
        cloudTemp = awaitNewTempFile(before);
        JsonNode minted =
            json(
                api.allure(
                    "POST",
                    "/api/v1/packages/upload-url",
                    "{\"tenant_id\":\""
                        + tenant
                        + "\",\"uploaded_by\":\"fault\",\"filename\":\"put.zip\",\"file_size\":"
                        + putBody.length
                        + "}"),
                200);
        putUrl = minted.get("presigned_url").asText();
        before = tempFiles();
        Socket put = startPut(putUrl, putBody, putBody.length / 2);
        mark("uploads streaming");
        putTemp = awaitNewTempFile(before);

        // An import that completes; its event's delivery is held by the receiver.
        doneJob = api.upload("fault-done", false, TestPackages.scorm12("Done before the crash"));
        assertThat(awaitJobEnd(api, doneJob)).isEqualTo("COMPLETE");
        mark("delivery held; kill");
        held = outside.hook.awaitRequest(1).get(0);

        assertThat(server.kill()).as("exit code of a SIGKILLed JVM").isEqualTo(SIGKILL_EXIT);
        cloud.close();
        put.close();
      }
      assertThat(cloudTemp).as("the SCORM Cloud upload's partial blob").exists();
      assertThat(putTemp).as("the presigned PUT's partial blob").exists();
      outside.answerFromNowOn();

      try (ServerProcess server = ServerProcess.start(jar, dataDir, KEY, env)) {
        server.awaitPorts();
        RestClient api = new RestClient(server.httpPort(), KEY);
        api.awaitHealthy();
        mark("healthy");
        assertThat(cloudTemp).as("removed at start").doesNotExist();
        assertThat(putTemp).as("removed at start").doesNotExist();

        // The import: its dead worker's lease ran out, it was claimed again and downloaded again.
        mark("import job");
        assertThat(awaitJobEnd(api, fetchJob)).as(server.output()).isEqualTo("COMPLETE");
        assertThat(outside.pkg.requests()).hasSize(2);
        JsonNode course = json(api.get("/api/v2/courses/fault-fetch"), 200);
        assertThat(course.get("title").asText()).isEqualTo("Fetched after the crash");

        // The export: claimed again, the image downloaded again, and in the package.
        mark("content export");
        String attachment = awaitExported(api, exportPath);
        assertThat(outside.media.requests()).hasSize(2);
        assertThat(zipEntries(download(attachment)).values()).anyMatch(b -> equal(b, png));

        // The presigned URL: refused while the dead PUT's claim holds, then takes the body.
        JsonNode stored = awaitPut(onPort(putUrl, server.httpPort()), putBody);
        assertThat(stored.get("size").asLong()).isEqualTo(putBody.length);

        // Deliveries: the held one again under the same id, and the new import's event.
        mark("deliveries");
        awaitAllDelivered(api, endpointId, 2);

        // A multipart completion, killed while it assembles the whole blob (after a restart the
        // assembly ahead is gone, so the completion appends every part).
        Set<Path> before = tempFiles();
        CompletableFuture<HttpResponse<String>> completion =
            HttpClient.newHttpClient()
                .sendAsync(
                    allureRequest(server.httpPort(), "/api/v1/packages/multipart/complete")
                        .POST(HttpRequest.BodyPublishers.ofString(multipart.completeBody()))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        mark("completion");
        Path assembling = awaitNewTempFile(before);
        long seen = Files.size(assembling);
        mark("assembling seen at " + seen + " of " + multipart.size());
        assertThat(server.kill()).isEqualTo(SIGKILL_EXIT);
        assertThat(seen).as("bytes assembled when killed").isLessThan(multipart.size());
        assertThat(assembling).as("the completion's partial blob").exists();
        assertThat(
                completion
                    .handle((r, e) -> r == null ? -1 : r.statusCode())
                    .get(30, TimeUnit.SECONDS))
            .as("the completion got no answer")
            .isEqualTo(-1);
      }

      try (ServerProcess server = ServerProcess.start(jar, dataDir, KEY, env)) {
        server.awaitPorts();
        RestClient api = new RestClient(server.httpPort(), KEY);
        api.awaitHealthy();
        mark("healthy");
        // The completion again: refused while the dead completion's claim holds, then stored.
        mark("completion again");
        JsonNode completed = multipart.awaitCompletion(api);
        assertThat(completed.get("size").asLong()).isEqualTo(multipart.size());
        assertThat(multipart.blobFile(dataDir)).exists();
        assertThat(sha256(Files.readAllBytes(multipart.blobFile(dataDir))))
            .isEqualTo(multipart.sha256());

        for (String job : List.of(fetchJob, doneJob)) {
          assertThat(awaitJobEnd(api, job)).isEqualTo("COMPLETE");
        }
        assertThat(awaitExported(api, exportPath)).isNotBlank();
        // Every stored event reached the receiver: at least once, each under its delivery id, and
        // the delivery killed at the receiver twice with the same id and the same event.
        Map<String, String> deliveries = awaitAllDelivered(api, endpointId, 2);
        List<Outside.Received> got = outside.hook.requests();
        Map<String, Set<String>> eventsById = new HashMap<>();
        for (Outside.Received r : got) {
          eventsById.computeIfAbsent(r.deliveryId(), k -> new HashSet<>()).add(r.eventId());
        }
        assertThat(eventsById.keySet()).isEqualTo(deliveries.keySet());
        assertThat(eventsById.values()).allMatch(events -> events.size() == 1);
        assertThat(got.stream().filter(r -> r.deliveryId().equals(held.deliveryId())).count())
            .as("the delivery killed at the receiver was sent again")
            .isEqualTo(2);
        assertThat(got).hasSize(deliveries.size() + 1);
        mark("stop");
        assertThat(server.stop()).as(server.output()).isIn(0, 143);
      }
    }
    assertWholeAndNoOrphans();
  }

  // --- checks of the data directory, with the server stopped --------------------------------

  private void assertWholeAndNoOrphans() throws IOException {
    try (Stream<Path> left = Files.list(dataDir.resolve("blobs").resolve("tmp"))) {
      assertThat(left.toList()).as("blob temp files").isEmpty();
    }
    if (Files.isDirectory(dataDir.resolve("tmp"))) {
      try (Stream<Path> left = Files.list(dataDir.resolve("tmp"))) {
        assertThat(left.toList()).as("request temp files").isEmpty();
      }
    }
    if (Files.isDirectory(dataDir.resolve("multipart"))) {
      try (Stream<Path> left = Files.list(dataDir.resolve("multipart"))) {
        assertThat(left.toList()).as("multipart part directories").isEmpty();
      }
    }
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoDatabase db = client.getDatabase(MongoStore.DATABASE);
      Set<String> files = blobFiles();
      Set<String> referenced = new HashSet<>();
      for (Document version : db.getCollection(MongoStore.COURSE_VERSIONS).find()) {
        String blobId = version.getString("blobId");
        if (blobId == null) {
          continue; // a course made of lessons: no package of its own
        }
        assertThat(files).as("the blob of version %s", version.get("_id")).contains(blobId);
        try (ZipFile zip = new ZipFile(blobPath(blobId).toFile())) {
          assertThat(zip.size()).as("entries of version %s", version.get("_id")).isPositive();
        }
        referenced.add(blobId);
      }
      for (String collection :
          List.of(
              MongoStore.IMPORT_JOBS,
              "packageUploads",
              "courseExportBuilds",
              "courseExportDownloads",
              "contentExports",
              "lessonExports")) {
        for (Document d : db.getCollection(collection).find()) {
          if (d.getString("blobId") != null) {
            referenced.add(d.getString("blobId"));
          }
        }
      }
      for (String collection : List.of("media", "widgets")) {
        for (Document d : db.getCollection(collection).find()) {
          if (d.getString("sha256") != null) {
            referenced.add(d.getString("sha256"));
          }
        }
      }
      assertThat(referenced).as("blobs referenced by a document").containsAll(files);
      assertThat(db.getCollection(MongoStore.IMPORT_JOBS).find().map(d -> d.getString("status")))
          .containsOnly("COMPLETE");
      assertThat(db.getCollection("contentExports").find().map(d -> d.getString("state")))
          .as("content exports")
          .doesNotContainNull()
          .allMatch(s -> s.equalsIgnoreCase("exported"));
      assertThat(db.getCollection("deliveries").countDocuments(Filters.ne("status", "DELIVERED")))
          .as("deliveries not delivered")
          .isZero();
    }
  }

  private Set<String> blobFiles() throws IOException {
    Path root = dataDir.resolve("blobs");
    Set<String> names = new HashSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(root.resolve("tmp")))
          .forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  private Path blobPath(String blobId) {
    return dataDir
        .resolve("blobs")
        .resolve(blobId.substring(0, 2))
        .resolve(blobId.substring(2, 4))
        .resolve(blobId);
  }

  /** The files in the blob store's temp directory now. */
  private Set<Path> tempFiles() throws IOException {
    try (Stream<Path> files = Files.list(dataDir.resolve("blobs").resolve("tmp"))) {
      return new HashSet<>(files.toList());
    }
  }

  /**
   * Waits (bounded) until a temp file not in {@code before} has bytes: the server is writing it.
   */
  private Path awaitNewTempFile(Set<Path> before) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (Path p : tempFiles()) {
        if (!before.contains(p)) {
          try {
            if (Files.size(p) > 0) {
              return p;
            }
          } catch (java.nio.file.NoSuchFileException e) {
            // gone meanwhile
          }
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("no new temp file with bytes in blobs/tmp");
  }

  // --- the steps -----------------------------------------------------------------------------

  /** A lesson with an external image, published, and a course made of it; the course id. */
  private static String authoredCourseWithExternalImage(RestClient api, String imageUrl)
      throws Exception {
    String mediaId =
        json(
                api.post(
                    "/api/v1/media",
                    "{\"url\":\""
                        + imageUrl
                        + "\",\"mimeType\":\"image/png\",\"attribution\":{\"text\":\"Fault\"}}"),
                201)
            .get("id")
            .asText();
    String lessonId =
        json(
                api.post(
                    "/api/lessons",
                    "{\"title\":\"Held lesson\",\"content\":{\"blocks\":["
                        + "{\"type\":\"heading\",\"text\":\"Held\"},"
                        + "{\"type\":\"image\",\"media\":\"media:"
                        + mediaId
                        + "\",\"alt\":\"A cell\"}]}}"),
                201)
            .get("id")
            .asText();
    String versionId =
        json(api.post("/api/lessons/" + lessonId + "/versions", "{}"), 201).get("id").asText();
    String jobId =
        json(
                api.post(
                    "/api/v1/courses",
                    "{\"subject\":\"Held course\",\"modules\":[{\"title\":\"One\",\"lessons\":"
                        + "[{\"lessonId\":\""
                        + lessonId
                        + "\",\"versionId\":\""
                        + versionId
                        + "\"}]}]}"),
                202)
            .get("jobId")
            .asText();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      inTime(deadline);
      JsonNode job = polled(api.get("/api/v1/courses/jobs/" + jobId));
      if (job == null) {
        continue;
      }
      assertThat(job.get("status").asText()).as(job.toString()).isNotEqualTo("failed");
      if (job.get("status").asText().equals("completed")) {
        return job.get("course").get("id").asText();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("course job not completed: " + job);
      }
      Thread.sleep(50);
    }
  }

  /** Polls a content export until it is exported (bounded); its attachment URL. */
  private static String awaitExported(RestClient api, String path) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      inTime(deadline);
      JsonNode body = polled(api.get(path));
      if (body == null) {
        continue;
      }
      String state = body.get("workflow_state").asText();
      assertThat(state).as(body.toString()).isNotEqualTo("failed");
      if (state.equals("exported")) {
        return body.get("attachment").get("url").asText();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("content export " + path + " not exported: " + body);
      }
      Thread.sleep(50);
    }
  }

  /**
   * Polls the endpoint's delivery log until it holds {@code count} deliveries, all DELIVERED
   * (bounded); their ids and event types.
   */
  private static Map<String, String> awaitAllDelivered(RestClient api, String endpointId, int count)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      inTime(deadline);
      JsonNode log =
          polled(api.allure("GET", "/api/v1/webhooks/" + endpointId + "/deliveries", null));
      if (log == null) {
        continue;
      }
      Map<String, String> delivered = new HashMap<>();
      int all = 0;
      for (JsonNode d : log.path("deliveries")) {
        all++;
        if (d.get("status").asText().endsWith("DELIVERED")) {
          delivered.put(d.get("delivery_id").asText(), d.get("event").asText());
        }
      }
      if (all == count && delivered.size() == count) {
        return delivered;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("deliveries not all delivered: " + log);
      }
      Thread.sleep(100);
    }
  }

  /** PUTs the whole body to the presigned URL until it is no longer refused as in use. */
  private static JsonNode awaitPut(String url, byte[] body) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      HttpResponse<String> res =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url))
                      .header("Content-Type", "application/zip")
                      .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() == 200) {
        return JSON.readTree(res.body());
      }
      assertThat(res.statusCode()).as(res.body()).isEqualTo(403);
      assertThat(res.body()).contains("UPLOAD_URL_USED");
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the presigned URL stayed in use: " + res.body());
      }
      Thread.sleep(100);
    }
  }

  /** The URL with another port (a presigned URL names the port of the server that minted it). */
  private static String onPort(String url, int port) {
    URI u = URI.create(url);
    return "http://127.0.0.1:" + port + u.getRawPath() + "?" + u.getRawQuery();
  }

  /** Opens a raw connection and sends the PUT's head and the first {@code sent} body bytes. */
  private static Socket startPut(String url, byte[] body, int sent) throws IOException {
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
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(body, 0, sent);
    out.flush();
    return socket;
  }

  /** The SCORM Cloud upload route, its multipart body sent in part over a raw connection. */
  private static final class ScormCloudUpload {
    static Socket start(int port, byte[] file, int sent) throws IOException {
      String boundary = "Boundary_fault_1";
      byte[] head =
          ("--"
                  + boundary
                  + "\r\nContent-Type: application/octet-stream\r\n"
                  + "Content-Disposition: form-data; name=\"file\"; filename=\"cloud.zip\"\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
      Socket socket = new Socket("127.0.0.1", port);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/v2/courses/importJobs/upload?courseId=fault-cloud HTTP/1.1\r\n"
                  + "Host: 127.0.0.1:"
                  + port
                  + "\r\nAuthorization: Basic "
                  + Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8))
                  + "\r\nContent-Type: multipart/form-data;boundary="
                  + boundary
                  + "\r\nContent-Length: "
                  + (head.length + file.length + tail.length)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(head);
      out.write(file, 0, sent);
      out.flush();
      return socket;
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  private static HttpRequest.Builder allureRequest(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("X-API-Key", KEY)
        .header("Content-Type", "application/json");
  }

  /** Fails the test once the deadline has passed. */
  private static void inTime(long deadline) {
    if (System.nanoTime() > deadline) {
      throw new AssertionError("a poll ran out of time (answers were 503)");
    }
  }

  /**
   * The body of a 200 answer to a poll, or null for a 503 (a request that timed out on a loaded
   * machine: the poll asks again); any other status fails.
   */
  private static JsonNode polled(HttpResponse<String> res) throws Exception {
    if (res.statusCode() == 503) {
      Thread.sleep(200);
      return null;
    }
    return json(res, 200);
  }

  /** Polls an import job until it is no longer RUNNING (bounded); its status. */
  private static String awaitJobEnd(RestClient api, String jobId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      JsonNode job = polled(api.get("/api/v2/courses/importJobs/" + jobId));
      if (job != null && !job.get("status").asText().equals("RUNNING")) {
        return job.get("status").asText();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("import job " + jobId + " still running: " + job);
      }
      Thread.sleep(100);
    }
  }

  private static JsonNode json(HttpResponse<String> res, int status) throws IOException {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
    return JSON.readTree(res.body());
  }

  private static byte[] download(String url) throws Exception {
    HttpResponse<byte[]> res =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(res.statusCode()).as(url).isEqualTo(200);
    return res.body();
  }

  private static Map<String, byte[]> zipEntries(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        entries.put(e.getName(), out.toByteArray());
      }
    }
    return entries;
  }

  private static boolean equal(byte[] a, byte[] b) {
    return java.util.Arrays.equals(a, b);
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A PNG made in memory. */
  private static final class TestImages {
    static byte[] png() throws IOException {
      java.awt.image.BufferedImage image =
          new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
      image.setRGB(1, 2, 0x336699);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      javax.imageio.ImageIO.write(image, "png", out);
      return out.toByteArray();
    }
  }
}
