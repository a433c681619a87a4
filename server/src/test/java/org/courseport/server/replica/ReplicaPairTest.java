package org.courseport.server.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.rpc.ErrorInfo;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.bson.Document;
import org.courseport.api.v1.AdminServiceGrpc;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.ExportCourseRequest;
import org.courseport.api.v1.ExportServiceGrpc;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.api.v1.RevokeApiKeyRequest;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp.Response;
import org.courseport.server.testing.TestPackages;
import org.courseport.server.webhooks.Signatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Courseport replicas on one document store, as issue 12 asks: replica A hosts the embedded
 * store on {@code COURSEPORT_EMBEDDED_MONGO_PORT}, replica B reaches it through {@code
 * MONGODB_URI}; each has its own data directory and keeps its blobs in GridFS. Whatever goes in
 * through one replica works through the other; jobs are claimed and deliveries sent once.
 */
class ReplicaPairTest {
  static final int MONGO_PORT = freePort();
  static final List<Received> hooks = new CopyOnWriteArrayList<>();
  static final HttpServer receiver = startReceiver();

  @RegisterExtension
  @Order(1)
  static final CourseportServerExtension a =
      replica().with("COURSEPORT_EMBEDDED_MONGO_PORT", Integer.toString(MONGO_PORT));

  @RegisterExtension
  @Order(2)
  static final CourseportServerExtension b =
      replica().with("MONGODB_URI", "mongodb://127.0.0.1:" + MONGO_PORT);

  static final String KEY = CourseportServerExtension.KEY;
  static final String BEARER = "Bearer " + KEY;
  static final String BASIC = CourseportServerExtension.basic(KEY);

  record Received(String deliveryId, String body) {}

  static CourseportServerExtension replica() {
    return new CourseportServerExtension()
        .with("COURSEPORT_BLOB_STORE", "gridfs")
        .with("COURSEPORT_DEFAULT_PLAN", "paid")
        .with("COURSEPORT_IMPORT_WORKERS", "2")
        .with("COURSEPORT_FETCH_ALLOW", "127.0.0.1:" + receiver.getAddress().getPort())
        .with("COURSEPORT_WEBHOOK_PLAIN_HTTP_HOSTS", "127.0.0.1")
        // The same limits on both replicas; a small export limit for the rate-limit case (counted
        // per key, so the other tests' single export with KEY does not touch it), and a 24 h
        // window (the longest allowed) so the count does not start again mid-test.
        .with("COURSEPORT_RATE_LIMITS", "default=1200/60s,export=" + EXPORT_LIMIT + "/24h");
  }

  static final int EXPORT_LIMIT = 3;

  static int freePort() {
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static HttpServer startReceiver() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/hook",
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            hooks.add(
                new Received(
                    exchange.getRequestHeaders().getFirst(Signatures.ID),
                    new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop(0);
  }

  static MongoDatabase database() {
    return a.server().services().store().database();
  }

  static URI content(CourseportServerExtension replica) {
    return URI.create("http://127.0.0.1:" + replica.server().contentPort());
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void theReplicasShareOneStoreAndKeepNoBlobOnTheirOwnDisks() {
    assertThat(a.server().services().store().database().getName()).isEqualTo(MongoStore.DATABASE);
    try (MongoClient direct = MongoClients.create("mongodb://127.0.0.1:" + MONGO_PORT)) {
      direct
          .getDatabase(MongoStore.DATABASE)
          .getCollection("replicaProbe")
          .insertOne(new Document("_id", "seen-by-both"));
    }
    assertThat(
            b.server()
                .services()
                .store()
                .database()
                .getCollection("replicaProbe")
                .countDocuments(Filters.eq("_id", "seen-by-both")))
        .isEqualTo(1);
  }

  @Test
  void aCourseImportedThroughAIsReadExportedAndLaunchedThroughB() throws Exception {
    byte[] zip = TestPackages.scorm12("Replica Golf");
    String jobId = Http.startUpload(a.http(), BASIC, "replica-golf", zip);
    // The job is followed through the other replica.
    JsonNode job = Http.awaitJob(b.http(), BASIC, jobId);
    assertThat(job.path("status").asText()).as("%s", job).isEqualTo("COMPLETE");

    // The package is in GridFS, not on either replica's disk.
    assertThat(
            database()
                .getCollection("blobs.files")
                .countDocuments(Filters.eq("filename", sha256(zip))))
        .isEqualTo(1);
    assertThat(filesUnder(a, "blobs")).isEmpty();
    assertThat(filesUnder(b, "blobs")).isEmpty();

    // Read through B.
    Response course =
        Http.send("GET", b.http().resolve("/api/v2/courses/replica-golf"), BASIC, null);
    assertThat(course.status()).as("%s", course).isEqualTo(200);
    assertThat(course.json().get("id").asText()).isEqualTo("replica-golf");
    assertThat(course.json().get("title").asText()).isEqualTo("Replica Golf");

    // Exported through B (LearningStudio export), downloaded through B and through A.
    Response export =
        Http.send(
            "POST",
            b.http().resolve("/api/v1/courses/replica-golf/export"),
            BEARER,
            "{\"format\":\"scorm12\"}");
    assertThat(export.status()).as("%s", export).isEqualTo(200);
    URI download = URI.create(export.json().get("downloadUrl").asText());
    assertThat(download.getPort()).isEqualTo(b.server().httpPort());
    Response fromB = Http.send("GET", download, null, null);
    assertThat(fromB.status()).as("%s", fromB).isEqualTo(200);
    assertThat(sha256(fromB.body())).isEqualTo(export.json().get("sha256").asText());
    assertThat(entries(fromB.body())).contains("imsmanifest.xml", "index.html");
    Response fromA = Http.send("GET", a.http().resolve(download.getRawPath()), null, null);
    assertThat(fromA.status()).as("%s", fromA).isEqualTo(200);
    assertThat(fromA.body()).isEqualTo(fromB.body());

    // Launched through B: the preview link opens on B's content origin, which serves the
    // package's files out of GridFS; the same link works on A's content origin.
    Response preview =
        Http.send("POST", b.http().resolve("/api/v2/courses/replica-golf/preview"), BASIC, "{}");
    assertThat(preview.status()).as("%s", preview).isEqualTo(200);
    URI link = URI.create(preview.json().get("launchLink").asText());
    assertThat(link.getPort()).isEqualTo(b.server().contentPort());
    for (CourseportServerExtension replica : List.of(b, a)) {
      Response opened = Http.send("GET", content(replica).resolve(link.getRawPath()), null, null);
      assertThat(opened.status()).as("%s", opened).isEqualTo(303);
      String player = opened.header("location");
      assertThat(player).matches("/s/[A-Za-z0-9_-]{43}/");
      Response page =
          Http.send("GET", content(replica).resolve(player + "c/index.html"), null, null);
      assertThat(page.status()).as("%s", page).isEqualTo(200);
      assertThat(page.text()).isEqualTo("<html><body>Hi</body></html>");
    }
  }

  @Test
  void aCourseViewCachedByAIsFreshAfterAWriteThroughB() throws Exception {
    String jobId =
        Http.startUpload(a.http(), BASIC, "replica-cached", TestPackages.scorm12("Cached"));
    assertThat(Http.awaitJob(a.http(), BASIC, jobId).path("status").asText()).isEqualTo("COMPLETE");
    URI onA = a.http().resolve("/api/v2/courses/replica-cached");
    for (int i = 0; i < 3; i++) {
      assertThat(Http.send("GET", onA, BASIC, null).json().get("title").asText())
          .isEqualTo("Cached");
    }

    Response renamed =
        Http.send(
            "PUT",
            b.http().resolve("/api/v2/courses/replica-cached/title"),
            BASIC,
            "{\"title\":\"Renamed through B\"}");
    assertThat(renamed.status()).as("%s", renamed).isEqualTo(204);
    // The very next read through A, whose cache held the old view, shows the new title.
    assertThat(Http.send("GET", onA, BASIC, null).json().get("title").asText())
        .isEqualTo("Renamed through B");

    // Tags too (not a delete: the import-count test of this class counts the complete jobs, which
    // a course delete would remove).
    Response tagged =
        Http.send(
            "PUT",
            b.http().resolve("/api/v2/courses/replica-cached/tags"),
            BASIC,
            "{\"tags\":[\"through-b\"]}");
    assertThat(tagged.status()).as("%s", tagged).isEqualTo(204);
    assertThat(Http.send("GET", onA, BASIC, null).json().get("tags").toString())
        .isEqualTo("[\"through-b\"]");
  }

  @Test
  void importJobsSentToBothReplicasAreEachClaimedAndProcessedOnce() throws Exception {
    int n = 8;
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      CourseportServerExtension to = i % 2 == 0 ? a : b;
      jobs.add(
          Http.startUpload(
              to.http(), BASIC, "claimed-once-" + i, TestPackages.scorm12("Claimed once " + i)));
    }
    for (int i = 0; i < n; i++) {
      CourseportServerExtension other = i % 2 == 0 ? b : a;
      assertThat(Http.awaitJob(other.http(), BASIC, jobs.get(i)).path("status").asText())
          .isEqualTo("COMPLETE");
    }

    // One claim each: a second claim (by either replica's workers) would count an attempt.
    for (String jobId : jobs) {
      Document doc =
          database().getCollection("importJobs").find(Filters.eq("jobId", jobId)).first();
      assertThat(doc).as(jobId).isNotNull();
      assertThat(doc.getInteger("attempts")).as("claims of %s", jobId).isEqualTo(1);
    }
    // And one run each: the import timers of both replicas add up to the complete jobs in the
    // store (this test's and the other tests'), never more; polled only while a listener lags.
    long completeJobs = 0;
    long processed = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      completeJobs =
          database().getCollection("importJobs").countDocuments(Filters.eq("status", "COMPLETE"));
      processed = importsCompleted(a) + importsCompleted(b);
      if (processed >= completeJobs) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(completeJobs).isGreaterThanOrEqualTo(n);
    assertThat(processed).isEqualTo(completeJobs);
  }

  /** Imports this replica's workers ran to COMPLETE (its courseport_import_duration timer). */
  static long importsCompleted(CourseportServerExtension replica) {
    var timer =
        replica
            .server()
            .services()
            .metrics()
            .registry()
            .find("courseport.import.duration")
            .tag("status", "complete")
            .timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void aWebhookEventIsDeliveredOnceThoughBothReplicasRunTheDeliveryEngine() throws Exception {
    String tenantKey = a.newTenant();
    String bearer = "Bearer " + tenantKey;
    String basic = CourseportServerExtension.basic(tenantKey);
    Response hook =
        Http.send(
            "POST",
            a.http().resolve("/api/v1/webhooks"),
            bearer,
            Http.JSON.writeValueAsString(
                Map.of(
                    "url",
                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                    "events",
                    List.of("package.processing.completed"))));
    assertThat(hook.status()).as("%s", hook).isEqualTo(200);

    int n = 4;
    for (int i = 0; i < n; i++) {
      CourseportServerExtension to = i % 2 == 0 ? b : a;
      String job =
          Http.startUpload(to.http(), basic, "hooked-" + i, TestPackages.scorm12("Hooked " + i));
      assertThat(Http.awaitJob(to.http(), basic, job).path("status").asText())
          .isEqualTo("COMPLETE");
    }

    // Wait until the store says every delivery of this tenant ended (hang detection only).
    List<Document> deliveries = List.of();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      deliveries =
          database()
              .getCollection("deliveries")
              .find(Filters.eq("kind", "WEBHOOK"))
              .into(new ArrayList<>())
              .stream()
              .filter(d -> d.getString("body").contains("hooked-"))
              .toList();
      if (deliveries.size() == n
          && deliveries.stream().allMatch(d -> "DELIVERED".equals(d.getString("status")))) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(deliveries).hasSize(n);
    assertThat(deliveries).allMatch(d -> "DELIVERED".equals(d.getString("status")));
    // One attempt each, and one request each at the receiver.
    for (Document d : deliveries) {
      assertThat(d.getList("attempts", Document.class)).as("attempts of %s", d).hasSize(1);
    }
    Set<String> ids = new HashSet<>();
    deliveries.forEach(d -> ids.add(d.getString("_id")));
    List<Received> received = hooks.stream().filter(r -> r.body().contains("hooked-")).toList();
    assertThat(received).extracting(Received::deliveryId).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void aKeyRevokedThroughAIsRefusedByBAtOnce() {
    String key = a.newTenant();
    String keyId = key.substring(0, key.indexOf(':'));
    String basic = CourseportServerExtension.basic(key);
    URI courses = b.http().resolve("/api/v2/courses");
    // B has authenticated the key (and would have cached it, if it cached keys).
    assertThat(Http.send("GET", courses, basic, null).status()).isEqualTo(200);
    assertThat(grpcCall(b, key)).isEqualTo(Status.Code.OK);

    AdminServiceGrpc.newBlockingStub(a.inProcessChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(KEY)))
        .revokeApiKey(RevokeApiKeyRequest.newBuilder().setKeyId(keyId).build());

    // The very next requests to B, in both transports, are refused.
    Response refused = Http.send("GET", courses, basic, null);
    assertThat(refused.status()).as("%s", refused).isEqualTo(401);
    assertThat(grpcCall(b, key)).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(Http.send("GET", a.http().resolve("/api/v2/courses"), basic, null).status())
        .isEqualTo(401);
  }

  @Test
  void anExportRateLimitCountsAcrossBothReplicas() throws Exception {
    // A key of its own, so no other test's request counts against this one's windows.
    String key = a.newTenant();
    String basic = CourseportServerExtension.basic(key);
    String bearer = "Bearer " + key;
    String job = Http.startUpload(b.http(), basic, "limited", TestPackages.scorm12("Limited"));
    assertThat(Http.awaitJob(a.http(), basic, job).path("status").asText()).isEqualTo("COMPLETE");
    String export = "/api/v1/courses/limited/export";
    String body = "{\"format\":\"scorm12\"}";

    // LearningStudio's export, alternately on A and B: one count, whichever replica answers.
    for (int i = 1; i <= EXPORT_LIMIT; i++) {
      CourseportServerExtension to = i % 2 == 1 ? a : b;
      Response r = Http.send("POST", to.http().resolve(export), bearer, body);
      assertThat(r.status()).as("export %d: %s", i, r).isEqualTo(200);
      assertThat(r.json().get("downloadUrl").asText()).isNotEmpty();
      assertThat(r.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(EXPORT_LIMIT));
      assertThat(r.header("X-RateLimit-Remaining"))
          .as("export %d", i)
          .isEqualTo(Integer.toString(EXPORT_LIMIT - i));
      assertThat(Long.parseLong(r.header("X-RateLimit-Reset"))).isBetween(1L, 86_400L);
    }
    // The next one is refused by either replica.
    for (CourseportServerExtension to : List.of(b, a)) {
      Response limited = Http.send("POST", to.http().resolve(export), bearer, body);
      assertThat(limited.status()).as("%s", limited).isEqualTo(429);
      assertThat(limited.json().get("code").asText()).isEqualTo("RATE_LIMIT_EXCEEDED");
      assertThat(limited.json().get("message").asText()).contains("Rate limit exceeded");
      long retryAfter = Long.parseLong(limited.header("Retry-After"));
      assertThat(retryAfter).isBetween(1L, 86_400L);
      assertThat(limited.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(EXPORT_LIMIT));
      assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
      assertThat(Long.parseLong(limited.header("X-RateLimit-Reset")))
          .isBetween(retryAfter - 1, retryAfter);
      assertThat(limited.header("X-Courseport-Reason")).isEqualTo("RATE_LIMIT_EXCEEDED");
    }
    // And over gRPC on both replicas' network ports.
    for (CourseportServerExtension to : List.of(b, a)) {
      var stub =
          ExportServiceGrpc.newBlockingStub(to.channel())
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(key)));
      assertThatThrownBy(
              () ->
                  stub.exportCourse(
                      ExportCourseRequest.newBuilder()
                          .setCourseId("limited")
                          .setFormat("scorm12")
                          .build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(e.getTrailers().get(ascii("x-ratelimit-limit")))
                    .isEqualTo(Integer.toString(EXPORT_LIMIT));
                assertThat(e.getTrailers().get(ascii("x-ratelimit-remaining"))).isEqualTo("0");
                ErrorInfo info = errorInfo(e);
                assertThat(info.getReason()).isEqualTo("RATE_LIMIT_EXCEEDED");
                assertThat(Long.parseLong(info.getMetadataOrThrow("retry_after_seconds")))
                    .isBetween(1L, 86_400L);
              });
    }
    // One window in the shared store (in the key's document), counted to the limit by both
    // replicas.
    String keyId = key.substring(0, key.indexOf(':'));
    List<Document> keys =
        database()
            .getCollection("apiKeys")
            .find(Filters.eq("keyId", keyId))
            .into(new ArrayList<>());
    assertThat(keys).hasSize(1);
    Document window = keys.get(0).get("rl", Document.class).get("export", Document.class);
    assertThat(((Number) window.get("n")).longValue()).isEqualTo(EXPORT_LIMIT);
    assertThat(database().getCollection("rateLimits").countDocuments(Filters.eq("caller", keyId)))
        .isZero();
    // The default class still counts on its own: a listing passes on both replicas.
    assertThat(Http.send("GET", a.http().resolve("/api/v2/courses"), basic, null).status())
        .isEqualTo(200);
    assertThat(grpcCall(b, key)).isEqualTo(Status.Code.OK);
  }

  static Metadata.Key<String> ascii(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }

  static ErrorInfo errorInfo(StatusRuntimeException e) {
    try {
      for (var any : StatusProto.fromThrowable(e).getDetailsList()) {
        if (any.is(ErrorInfo.class)) {
          return any.unpack(ErrorInfo.class);
        }
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException x) {
      throw new AssertionError(x);
    }
    throw new AssertionError("no ErrorInfo in " + e);
  }

  static Metadata auth(String key) {
    Metadata m = new Metadata();
    m.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        CourseportServerExtension.basic(key));
    return m;
  }

  /** A tenant call (GetCourses) over the replica's network gRPC port. */
  static Status.Code grpcCall(CourseportServerExtension replica, String key) {
    try {
      CourseServiceGrpc.newBlockingStub(replica.channel())
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(key)))
          .getCourses(GetCoursesRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  static List<java.nio.file.Path> filesUnder(CourseportServerExtension replica, String dir) {
    if (!java.nio.file.Files.isDirectory(replica.dataDir().resolve(dir))) {
      return List.of();
    }
    return replica.filesUnder(dir);
  }

  static List<String> entries(byte[] zip) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
      }
    }
    return names;
  }
}
