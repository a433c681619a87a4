package org.courseport.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.Document;
import org.courseport.server.domain.authoring.CourseAuthoring;
import org.courseport.server.domain.job.ImportService;
import org.courseport.server.jobs.ImportCheckpoints;
import org.courseport.server.storage.mongo.EmbeddedMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.coursepackage.MongoQuotaReservations;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the server jar while imports hold their reservations of their tenants' quotas,
 * then a restart on the same data directory with one-second quota reservation leases. Each import
 * is held at a named checkpoint ({@code COURSEPORT_TEST_HOLD_AT}), of its own tenant, and the
 * process is killed once it logged that they are held, not by timing:
 *
 * <ul>
 *   <li>a SCORM Cloud upload ({@code importJobs/upload}, declared size) that was answered and whose
 *       job has inspected the package, holding one package and the zip's bytes: killed before the
 *       job commits ({@code import.inspected});
 *   <li>in the same process, a LearningStudio course creation ({@code POST /api/v1/courses}) whose
 *       job is running and holds a package: killed before it writes the course ({@code
 *       course.job.checked});
 *   <li>in a process of its own, a SCORM Cloud upload sent chunked (its size known only at its end)
 *       whose whole body is received into a blob not yet published and reserved: killed before it
 *       has a job or an answer ({@code import.upload.reserved}); only the reservation's lease can
 *       end it.
 * </ul>
 *
 * While they are held, a second import of each tenant is refused because of the reservation, which
 * shows that it is held. After the restart each job ends COMPLETE (read through its dialect's own
 * job route; the upload killed before it had a job has none), the tenant's usage (the admin quota
 * route) counts exactly what is stored, an import that needs all the room left of the quota
 * succeeds (a leaked byte or package reservation would refuse it), and the data directory holds no
 * temp file and the tenant no reservation.
 */
class ImportQuotaCrashIT {
  private static final String KEY = "crash-app:crash-secret-123";
  private static final String JOB_TENANT = "qk-job";
  private static final String STAGED_TENANT = "qk-staged";
  private static final String LS_TENANT = "qk-course";
  private static final int SIGKILL_EXIT = 128 + 9;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void importsKilledWhileHoldingTheirQuotaReservations_endAndHoldNothingAfterTheRestart()
      throws Exception {
    Path jar = Path.of(System.getProperty("courseport.serverJar", "target/courseport-server.jar"));
    assumeTrue(Files.exists(jar), "server jar not built at " + jar);
    byte[] alpha = TestPackages.scorm12("Quota kill alpha");
    byte[] bravo = TestPackages.scorm12("Quota kill bravo");
    String inspected = ImportCheckpoints.Point.INSPECTED.checkpointName();
    String checked = CourseAuthoring.CHECKPOINT_CHECKED;

    Map<String, String> held = new HashMap<>();
    held.put("COURSEPORT_TEST_HOLD_AT", String.join(",", inspected, checked));
    held.put("COURSEPORT_IMPORT_LEASE_SECONDS", "3");
    String jobKey;
    String lsKey;
    String jobId;
    String courseJobId;
    String courseRequest;
    try (ServerProcess server = ServerProcess.start(jar, dataDir, KEY, held)) {
      server.awaitPorts();
      RestClient admin = new RestClient(server.httpPort(), KEY);
      admin.awaitHealthy();

      // SCORM Cloud, held in its job: one new course and alpha's bytes fill the quota.
      jobKey = tenantWithKey(admin, JOB_TENANT);
      setQuota(admin, JOB_TENANT, "{\"maxPackages\":1,\"maxStoredBytes\":" + alpha.length + "}");
      RestClient jobApi = new RestClient(server.httpPort(), jobKey);
      HttpResponse<String> accepted = jobApi.uploadResponse("alpha", false, alpha, true);
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
      jobId = RestClient.jobId(accepted);
      server.awaitOutput("Held at checkpoint " + inspected);

      // LearningStudio, held in its running course job: one course fills the quota.
      lsKey = tenantWithKey(admin, LS_TENANT);
      setQuota(admin, LS_TENANT, "{\"maxPackages\":1}");
      RestClient lsApi = new RestClient(server.httpPort(), lsKey);
      courseRequest = courseRequest(lsApi);
      HttpResponse<String> created = lsApi.post("/api/v1/courses", courseRequest);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
      courseJobId = JSON.readTree(created.body()).get("jobId").asText();
      server.awaitOutput("Held at checkpoint " + checked);

      // The held reservations count. The job holds its package and then, with room for another,
      // its bytes; the course job its package.
      HttpResponse<String> noPackage = jobApi.uploadResponse("bravo", false, bravo, true);
      assertThat(noPackage.statusCode()).as(noPackage.body()).isEqualTo(403);
      assertThat(noPackage.body()).contains("Package quota exceeded", "1 being created");
      setQuota(admin, JOB_TENANT, "{\"maxPackages\":2}");
      HttpResponse<String> noBytes = jobApi.uploadResponse("bravo", false, bravo, true);
      assertThat(noBytes.statusCode()).as(noBytes.body()).isEqualTo(403);
      assertThat(noBytes.body()).contains("Storage quota exceeded", alpha.length + " are reserved");
      assertThat(jobStatus(jobApi, jobId)).isEqualTo("RUNNING");
      assertThat(courseJob(lsApi, courseJobId).get("status").asText()).isEqualTo("running");
      HttpResponse<String> noCourse = lsApi.post("/api/v1/courses", courseRequest);
      assertThat(noCourse.statusCode()).as(noCourse.body()).isEqualTo(403);
      assertThat(noCourse.body())
          .contains("USAGE_LIMIT_EXCEEDED_PLAN", "Package quota exceeded", "1 being created");

      assertThat(server.kill()).as("exit code of a SIGKILLed JVM").isEqualTo(SIGKILL_EXIT);
    }
    assertThat(reservedIds(JOB_TENANT)).as("the job's package and bytes").hasSize(2);
    assertThat(reservedIds(LS_TENANT)).as("the course job's package").hasSize(1);

    try (ServerProcess server = restarted(jar)) {
      RestClient admin = new RestClient(server.httpPort(), KEY);

      // SCORM Cloud job: claimed again once its lease ran out, it completes; then exactly the room
      // for one more package of bravo's size is left, and bravo takes it.
      RestClient jobApi = new RestClient(server.httpPort(), jobKey);
      assertThat(jobApi.awaitJob(jobId)).as(server.output()).contains("\"status\":\"COMPLETE\"");
      assertUsage(admin, JOB_TENANT, 1, alpha.length);
      setQuota(admin, JOB_TENANT, "{\"maxStoredBytes\":" + (alpha.length + bravo.length) + "}");
      HttpResponse<String> bravoUpload = jobApi.uploadResponse("bravo", false, bravo, true);
      assertThat(bravoUpload.statusCode()).as(bravoUpload.body()).isEqualTo(200);
      assertThat(jobApi.awaitJob(RestClient.jobId(bravoUpload)))
          .contains("\"status\":\"COMPLETE\"");
      assertUsage(admin, JOB_TENANT, 2, alpha.length + bravo.length);

      // LearningStudio: the course job is taken to have lost its process (one-second stale time),
      // runs again and completes; then exactly the room for one more course, which is created.
      RestClient lsApi = new RestClient(server.httpPort(), lsKey);
      JsonNode ended = awaitCourseJob(lsApi, courseJobId);
      assertThat(ended.get("status").asText()).as(ended.toString()).isEqualTo("completed");
      String courseId = ended.get("course").get("id").asText();
      assertThat(lsApi.get("/api/v2/courses/" + courseId).statusCode()).isEqualTo(200);
      assertUsage(admin, LS_TENANT, 1, 0);
      setQuota(admin, LS_TENANT, "{\"maxPackages\":2}");
      HttpResponse<String> second = lsApi.post("/api/v1/courses", courseRequest);
      assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
      JsonNode secondJob =
          awaitCourseJob(lsApi, JSON.readTree(second.body()).get("jobId").asText());
      assertThat(secondJob.get("status").asText()).as(secondJob.toString()).isEqualTo("completed");
      assertUsage(admin, LS_TENANT, 2, 0);

      assertThat(server.stop()).as(server.output()).isIn(0, 143);
    }

    for (String tenant : List.of(JOB_TENANT, LS_TENANT)) {
      assertThat(reservedIds(tenant)).as("reservations of %s after the restart", tenant).isEmpty();
    }
    assertThat(jobStatuses(JOB_TENANT)).containsExactly("COMPLETE", "COMPLETE");
    assertThat(names(dataDir.resolve("blobs").resolve("tmp"))).as("blob temp files").isEmpty();
    assertThat(names(dataDir.resolve("tmp"))).as("request temp files").isEmpty();
    assertThat(names(dataDir.resolve("multipart"))).as("multipart uploads").isEmpty();
    assertThat(blobFiles())
        .as("the blob store holds the two packages stored")
        .containsExactlyInAnyOrder(MultipartUpload.sha256(alpha), MultipartUpload.sha256(bravo));
  }

  /**
   * The chunked SCORM Cloud upload held before it has a job ({@code import.upload.reserved}): a
   * process of its own, since every upload reaching that point waits there.
   */
  @Test
  void uploadKilledBeforeItHasAJob_leavesNoJobOrTempFile_andItsReservationEndsWithItsLease()
      throws Exception {
    Path jar = Path.of(System.getProperty("courseport.serverJar", "target/courseport-server.jar"));
    assumeTrue(Files.exists(jar), "server jar not built at " + jar);
    byte[] staged = TestPackages.scorm12("Quota kill staged");
    String reserved = ImportService.CHECKPOINT_RESERVED;
    Map<String, String> held = Map.of("COURSEPORT_TEST_HOLD_AT", reserved);
    String stagedKey;
    try (ServerProcess server = ServerProcess.start(jar, dataDir, KEY, held)) {
      server.awaitPorts();
      RestClient admin = new RestClient(server.httpPort(), KEY);
      admin.awaitHealthy();
      // SCORM Cloud, chunked, held before it has a job: its new course and its bytes fill the
      // quota.
      stagedKey = tenantWithKey(admin, STAGED_TENANT);
      setQuota(
          admin, STAGED_TENANT, "{\"maxPackages\":1,\"maxStoredBytes\":" + staged.length + "}");
      RestClient stagedApi = new RestClient(server.httpPort(), stagedKey);
      CompletableFuture<Integer> stagedUpload =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return stagedApi.uploadResponse("staged", false, staged, false).statusCode();
                } catch (Exception e) {
                  return -1;
                }
              });
      server.awaitOutput("Held at checkpoint " + reserved);
      assertThat(names(dataDir.resolve("blobs").resolve("tmp")))
          .as("the staged body in a blob temp file")
          .anyMatch(n -> n.startsWith("blob-"));

      HttpResponse<String> noStagedPackage =
          stagedApi.uploadResponse("other", false, new byte[] {1}, true);
      assertThat(noStagedPackage.statusCode()).as(noStagedPackage.body()).isEqualTo(403);
      assertThat(noStagedPackage.body()).contains("Package quota exceeded", "1 being created");
      setQuota(admin, STAGED_TENANT, "{\"maxPackages\":2}");
      HttpResponse<String> noStagedBytes =
          stagedApi.uploadResponse("other", false, new byte[] {1}, true);
      assertThat(noStagedBytes.statusCode()).as(noStagedBytes.body()).isEqualTo(403);
      assertThat(noStagedBytes.body())
          .contains("Storage quota exceeded", staged.length + " are reserved");
      setQuota(admin, STAGED_TENANT, "{\"maxPackages\":1}");

      assertThat(server.kill()).as("exit code of a SIGKILLed JVM").isEqualTo(SIGKILL_EXIT);
      assertThat(stagedUpload.get(30, TimeUnit.SECONDS))
          .as("the staged upload got no answer")
          .isEqualTo(-1);
    }
    assertThat(reservedIds(STAGED_TENANT)).as("the staged upload's package and bytes").hasSize(2);

    try (ServerProcess server = restarted(jar)) {
      RestClient admin = new RestClient(server.httpPort(), KEY);

      // The staged upload left no course and nothing stored; its reservations, of a package and
      // of bytes, end with their (now one-second) lease, and the same upload then takes the whole
      // quota. Polled, bounded: the lease runs on the server's clock.
      RestClient stagedApi = new RestClient(server.httpPort(), stagedKey);
      assertThat(stagedApi.get("/api/v2/courses/staged").statusCode()).isEqualTo(404);
      assertUsage(admin, STAGED_TENANT, 0, 0);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      HttpResponse<String> again;
      while (true) {
        again = stagedApi.uploadResponse("staged", false, staged, false);
        if (again.statusCode() != 403 || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
      assertThat(stagedApi.awaitJob(RestClient.jobId(again))).contains("\"status\":\"COMPLETE\"");
      assertUsage(admin, STAGED_TENANT, 1, staged.length);

      assertThat(server.stop()).as(server.output()).isIn(0, 143);
    }

    assertThat(reservedIds(STAGED_TENANT)).as("reservations after the restart").isEmpty();
    assertThat(jobStatuses(STAGED_TENANT))
        .as("the killed upload made no job")
        .containsExactly("COMPLETE");
    assertThat(names(dataDir.resolve("blobs").resolve("tmp"))).as("blob temp files").isEmpty();
    assertThat(names(dataDir.resolve("tmp"))).as("request temp files").isEmpty();
    assertThat(blobFiles()).containsExactly(MultipartUpload.sha256(staged));
  }

  /**
   * The restart after the kill, once healthy, with no blob temp file left by the killed process:
   * one-second quota reservation leases, course jobs of a dead process taken up after a second,
   * sweepers at once; three-second import job leases, as in the first run.
   */
  private ServerProcess restarted(Path jar) throws Exception {
    Map<String, String> env =
        Map.of(
            "COURSEPORT_QUOTA_RESERVATION_LEASE_SECONDS", "1",
            "COURSEPORT_IMPORT_LEASE_SECONDS", "3",
            "COURSEPORT_COURSE_JOB_STALE_SECONDS", "1",
            "COURSEPORT_SWEEP_FIRST_RUN_SECONDS", "0");
    ServerProcess server = ServerProcess.start(jar, dataDir, KEY, env);
    try {
      server.awaitPorts();
      new RestClient(server.httpPort(), KEY).awaitHealthy();
      assertThat(names(dataDir.resolve("blobs").resolve("tmp"))).as("blob temp files").isEmpty();
      return server;
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
  }

  /** Creates the tenant (paid plan) and one key of it; answers the key's credentials. */
  private static String tenantWithKey(RestClient admin, String tenant) throws Exception {
    ok(
        admin.post(
            "/api/admin/tenants",
            "{\"tenantId\":\"" + tenant + "\",\"name\":\"Quota kill\",\"plan\":\"paid\"}"));
    return JSON.readTree(ok(admin.post("/api/admin/tenants/" + tenant + "/keys", "{}")))
        .get("credentials")
        .asText();
  }

  private static void setQuota(RestClient admin, String tenant, String json) throws Exception {
    ok(admin.put("/api/admin/tenants/" + tenant + "/quota", json));
  }

  /** The tenant's usage through the admin quota route equals {@code packages} and {@code bytes}. */
  private static void assertUsage(RestClient admin, String tenant, long packages, long bytes)
      throws Exception {
    JsonNode quota =
        JSON.readTree(ok(admin.get("/api/admin/tenants/" + tenant + "/quota"))).get("quota");
    assertThat(quota.path("packages").asLong()).as("packages in %s", quota).isEqualTo(packages);
    assertThat(quota.path("storedBytes").asLong()).as("stored bytes in %s", quota).isEqualTo(bytes);
  }

  private static String jobStatus(RestClient api, String jobId) throws Exception {
    HttpResponse<String> job = api.get("/api/v2/courses/importJobs/" + jobId);
    assertThat(job.statusCode()).as(job.body()).isEqualTo(200);
    return JSON.readTree(job.body()).get("status").asText();
  }

  /** A LearningStudio course request of one published lesson version. */
  private static String courseRequest(RestClient api) throws Exception {
    HttpResponse<String> lesson =
        api.post(
            "/api/lessons",
            "{\"title\":\"Held lesson\",\"content\":{\"blocks\":"
                + "[{\"type\":\"heading\",\"text\":\"Held\"}]}}");
    assertThat(lesson.statusCode()).as(lesson.body()).isEqualTo(201);
    String lessonId = JSON.readTree(lesson.body()).get("id").asText();
    HttpResponse<String> version = api.post("/api/lessons/" + lessonId + "/versions", "{}");
    assertThat(version.statusCode()).as(version.body()).isEqualTo(201);
    return "{\"subject\":\"Held course\",\"modules\":[{\"title\":\"One\",\"lessons\":"
        + "[{\"lessonId\":\""
        + lessonId
        + "\",\"versionId\":\""
        + JSON.readTree(version.body()).get("id").asText()
        + "\"}]}]}";
  }

  private static JsonNode courseJob(RestClient api, String jobId) throws Exception {
    HttpResponse<String> job = api.get("/api/v1/courses/jobs/" + jobId);
    assertThat(job.statusCode()).as(job.body()).isEqualTo(200);
    return JSON.readTree(job.body());
  }

  /** Polls the course job until it has ended, completed or failed (bounded); answers it. */
  private static JsonNode awaitCourseJob(RestClient api, String jobId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      JsonNode job = courseJob(api, jobId);
      String status = job.get("status").asText();
      if (status.equals("completed") || status.equals("failed")) {
        return job;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("course job " + jobId + " still " + status + ": " + job);
      }
      Thread.sleep(100);
    }
  }

  /** The body of a 200 answer (asserted). */
  private static String ok(HttpResponse<String> res) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return res.body();
  }

  /** The ids of the tenant's stored quota reservations, read with the server stopped. */
  private List<String> reservedIds(String tenant) throws Exception {
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      Document d =
          database(client)
              .getCollection(MongoQuotaReservations.COLLECTION)
              .find(Filters.eq("_id", tenant))
              .first();
      List<String> ids = new ArrayList<>();
      if (d != null) {
        for (Document r : d.getList("reservations", Document.class, List.of())) {
          ids.add(r.getString("id"));
        }
      }
      return ids;
    }
  }

  /** The statuses of the tenant's import jobs, read with the server stopped. */
  private List<String> jobStatuses(String tenant) throws Exception {
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      return database(client)
          .getCollection(MongoStore.IMPORT_JOBS)
          .find(Filters.eq("tenantId", tenant))
          .map(d -> d.getString("status"))
          .into(new ArrayList<>());
    }
  }

  private static MongoDatabase database(MongoClient client) {
    return client.getDatabase(MongoStore.DATABASE);
  }

  /** The names of the published blob files. */
  private List<String> blobFiles() throws Exception {
    Path root = dataDir.resolve("blobs");
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(root.resolve("tmp")))
          .map(p -> p.getFileName().toString())
          .toList();
    }
  }

  private static List<String> names(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
