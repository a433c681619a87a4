package org.courseport.server.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.grpc.GrpcFixtures.blobPath;
import static org.courseport.server.grpc.GrpcFixtures.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.bson.Document;
import org.courseport.api.v1.GetCourseZipRequest;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.grpc.GrpcFixtures;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp;
import org.courseport.server.testing.TestHttp.Response;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12's concurrency proofs for imports, through the real servers on the embedded store: the
 * SCORM Cloud REST upload and the Allure presigned flow on the real Armeria server, the gRPC upload
 * in process. Requests start together behind a latch ({@link Together}); every assertion is on the
 * final state.
 */
class ParallelImportsTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private static final String KEY = CourseportServerExtension.KEY;
  private static String tenantId;
  private static Http http;

  @BeforeAll
  static void setUp() {
    tenantId = GrpcFixtures.tenantId(server, KEY);
    http = new Http(server, KEY);
  }

  /** What one accepted upload became. */
  private record Accepted(String jobId, byte[] zip, String title) {}

  @Test
  void fiftyParallelImportsIntoOneNewCourse_giveFiftyContiguousVersionsAndLoseNone()
      throws Exception {
    String course = "fifty";
    int n = 50;
    // Half over SCORM Cloud's REST upload, half over the gRPC upload stream, all at once.
    List<Accepted> accepted =
        Together.run(
            16,
            n,
            i -> {
              String title = "Fifty " + i;
              byte[] zip = TestPackages.scorm12(title);
              String jobId;
              if (i % 2 == 0) {
                Response a = http.scormCloudUpload(course, true, zip);
                assertThat(a.status()).as("upload %d: %s", i, a).isEqualTo(200);
                jobId = a.json().get("result").asText();
              } else {
                jobId =
                    GrpcFixtures.upload(
                        server, KEY, metadata(course).setMayCreateNewVersion(true), zip);
              }
              return new Accepted(jobId, zip, title);
            });

    Map<Integer, Accepted> byVersion = new HashMap<>();
    for (Accepted a : accepted) {
      awaitEnd(a.jobId());
      JsonNode job = http.get("/api/v2/courses/importJobs/" + a.jobId()).json();
      assertThat(job.get("status").asText()).as("job %s", job).isEqualTo("COMPLETE");
      JsonNode imported = job.get("importResult").get("course");
      assertThat(imported.get("id").asText()).isEqualTo(course);
      assertThat(imported.get("title").asText()).isEqualTo(a.title());
      int version = imported.get("version").asInt();
      assertThat(byVersion.put(version, a)).as("version %d handed out twice", version).isNull();
    }
    // Distinct and contiguous: a new course numbers from 0.
    assertThat(new TreeSet<>(byVersion.keySet()))
        .containsExactlyElementsOf(IntStream.range(0, n).boxed().toList());

    JsonNode versions = http.get("/api/v2/courses/" + course + "/versions").json().get("courses");
    assertThat(versions).hasSize(n);
    Set<Integer> listed = new HashSet<>();
    versions.forEach(v -> listed.add(v.get("version").asInt()));
    assertThat(listed).isEqualTo(byVersion.keySet());
    JsonNode latest = http.get("/api/v2/courses/" + course).json();
    assertThat(latest.get("version").asInt()).isEqualTo(n - 1);
    assertThat(latest.get("title").asText()).isEqualTo(byVersion.get(n - 1).title());

    // Every version's stored package is the one its job uploaded: over REST and over gRPC.
    var grpc = server.blocking(KEY);
    for (var e : byVersion.entrySet()) {
      int v = e.getKey();
      Response zip = http.get("/api/v2/courses/" + course + "/versions/" + v + "/zip");
      assertThat(zip.status()).as("zip of version %d", v).isEqualTo(200);
      assertThat(zip.body()).as("zip of version %d", v).isEqualTo(e.getValue().zip());
      JsonNode one = http.get("/api/v2/courses/" + course + "/versions/" + v).json();
      assertThat(one.get("title").asText()).isEqualTo(e.getValue().title());
      if (v % 10 == 3) {
        byte[] viaGrpc =
            GrpcFixtures.download(
                    grpc.getCourseZip(
                        GetCourseZipRequest.newBuilder()
                            .setCourseId(course)
                            .setVersionId(v)
                            .build()))
                .bytes();
        assertThat(viaGrpc).isEqualTo(e.getValue().zip());
      }
    }
    // Stored state: the course record's counters and no job left pending on it.
    Document record =
        collection(MongoStore.COURSES)
            .find(Filters.and(Filters.eq("tenantId", tenantId), Filters.eq("courseId", course)))
            .first();
    assertThat(record.getInteger("latestVersion")).isEqualTo(n - 1);
    assertThat(record.getInteger("nextVersion")).isEqualTo(n);
    assertThat(record.getList("pendingJobs", String.class)).isEmpty();
  }

  @Test
  void twoFirstImportsIntoOneNewCourseId_giveOneCourseAndOneClearConflict() throws Exception {
    // Which of the two wins, and whether the loser is refused at once (the winner's version was
    // already visible) or accepted and then fails, depends on the interleaving; the invariant
    // holds in every one, and the repetitions exercise both. FirstImportConflictTest forces the
    // accepted-then-failed case in both commit orders.
    int rounds = 8;
    int refused = 0;
    int failedJobs = 0;
    for (int round = 0; round < rounds; round++) {
      String course = "first-" + round;
      String conflict =
          "Course '"
              + course
              + "' already exists; set mayCreateNewVersion=true to import a new version";
      boolean grpcSecond = round % 2 == 1;
      List<Object> outcomes =
          Together.run(
              2,
              2,
              i -> {
                String title = course + (i == 0 ? " A" : " B");
                byte[] zip = TestPackages.scorm12(title);
                if (i == 1 && grpcSecond) {
                  try {
                    return new Accepted(
                        GrpcFixtures.upload(server, KEY, metadata(course), zip), zip, title);
                  } catch (StatusRuntimeException e) {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
                    assertThat(e.getStatus().getDescription()).isEqualTo(conflict);
                    return new Refused(zip);
                  }
                }
                Response a = http.scormCloudUpload(course, false, zip);
                if (a.status() == 409) {
                  assertThat(a.json().get("message").asText()).isEqualTo(conflict);
                  return new Refused(zip);
                }
                assertThat(a.status()).as("upload %s", a).isEqualTo(200);
                return new Accepted(a.json().get("result").asText(), zip, title);
              });

      List<Accepted> completed = new ArrayList<>();
      List<byte[]> lost = new ArrayList<>();
      for (Object o : outcomes) {
        if (o instanceof Refused r) {
          refused++;
          lost.add(r.zip());
          continue;
        }
        Accepted a = (Accepted) o;
        awaitEnd(a.jobId());
        JsonNode job = http.get("/api/v2/courses/importJobs/" + a.jobId()).json();
        if (job.get("status").asText().equals("COMPLETE")) {
          completed.add(a);
        } else {
          assertThat(job.get("status").asText()).as("%s", job).isEqualTo("ERROR");
          assertThat(job.get("message").asText()).isEqualTo(conflict);
          failedJobs++;
          lost.add(a.zip());
        }
      }
      assertThat(completed).as("round %d: exactly one import completes", round).hasSize(1);
      assertThat(lost).as("round %d: exactly one conflict", round).hasSize(1);

      Accepted winner = completed.get(0);
      int version =
          http.get("/api/v2/courses/importJobs/" + winner.jobId())
              .json()
              .get("importResult")
              .get("course")
              .get("version")
              .asInt();
      JsonNode versions = http.get("/api/v2/courses/" + course + "/versions").json().get("courses");
      assertThat(versions).as("round %d: one version", round).hasSize(1);
      assertThat(versions.get(0).get("version").asInt()).isEqualTo(version);
      JsonNode now = http.get("/api/v2/courses/" + course).json();
      assertThat(now.get("title").asText()).isEqualTo(winner.title());
      assertThat(http.get("/api/v2/courses/" + course + "/zip").body()).isEqualTo(winner.zip());
      // The loser left nothing behind: no blob of its bytes, one course record.
      assertThat(blobPath(server, lost.get(0))).doesNotExist();
      assertThat(
              collection(MongoStore.COURSES)
                  .countDocuments(
                      Filters.and(
                          Filters.eq("tenantId", tenantId), Filters.eq("courseId", course))))
          .isEqualTo(1);
    }
    System.out.printf(
        "first imports: %d rounds, %d losers refused at upload (409 / ALREADY_EXISTS),"
            + " %d losers accepted and failed (ERROR)%n",
        rounds, refused, failedJobs);
  }

  @Test
  void twoHundredParallelUploadsOfDifferentPackages_allSucceed() throws Exception {
    // A tenant of its own, so that its course list holds exactly these packages.
    String key = server.newTenant();
    String tenant = GrpcFixtures.tenantId(server, key);
    String uuid = server.server().services().tenantDirectory().uuidOf(tenant);
    Http own = new Http(server, key);
    int n = 200;
    // One of each flow first, alone: on a CPU-starved machine a cold JVM's first requests (class
    // loading, JIT) can outlast the HTTP front's 10 s request timeout, which is not what this
    // proves. The warm-up packages are part of the tenant's course list below.
    byte[] warmScorm = TestPackages.scorm12("Warm SCORM Cloud");
    String warmJob = own.scormCloudUpload("warm", false, warmScorm).json().get("result").asText();
    assertThat(awaitEnd(tenant, warmJob).status()).isEqualTo(ImportJob.Status.COMPLETE);
    Response warmAllure = own.allureUpload(uuid, "warm.zip", TestPackages.scorm12("Warm Allure"));
    assertThat(warmAllure.status()).as("%s", warmAllure).isEqualTo(200);
    Set<String> expected = new HashSet<>();
    expected.add("warm");
    expected.add(warmAllure.json().get("package").get("package_id").asText());
    // Even: SCORM Cloud upload into course "many-<i>"; odd: the Allure presigned flow
    // (mint, PUT, process), which answers once the import has ended.
    List<String> ids =
        Together.run(
            16,
            n,
            i -> {
              String title = "Many " + i;
              byte[] zip = TestPackages.scorm12(title);
              if (i % 2 == 0) {
                Response a = own.scormCloudUpload("many-" + i, false, zip);
                assertThat(a.status()).as("upload %d: %s", i, a).isEqualTo(200);
                return "job:" + a.json().get("result").asText();
              }
              Response processed = own.allureUpload(uuid, "many-" + i + ".zip", zip);
              assertThat(processed.status()).as("process %d: %s", i, processed).isEqualTo(200);
              JsonNode pkg = processed.json().get("package");
              assertThat(pkg.get("title").asText()).isEqualTo(title);
              assertThat(pkg.get("current_revision").asInt()).isEqualTo(1);
              return "pkg:" + pkg.get("package_id").asText();
            });

    for (int i = 0; i < n; i++) {
      String id = ids.get(i);
      String title = "Many " + i;
      if (id.startsWith("job:")) {
        String jobId = id.substring(4);
        ImportJob ended = awaitEnd(tenant, jobId);
        assertThat(ended.status())
            .as("job %s: %s", jobId, ended.message())
            .isEqualTo(ImportJob.Status.COMPLETE);
        JsonNode job = own.get("/api/v2/courses/importJobs/" + jobId).json();
        assertThat(job.get("status").asText()).isEqualTo("COMPLETE");
        assertThat(job.get("importResult").get("course").get("title").asText()).isEqualTo(title);
        expected.add("many-" + i);
      } else {
        String packageId = id.substring(4);
        JsonNode pkg = own.get("/api/v1/packages/" + packageId).json();
        assertThat(pkg.get("title").asText()).isEqualTo(title);
        expected.add(packageId);
      }
    }
    assertThat(expected).hasSize(n + 2);
    // Every course of the tenant, page by page: exactly these 200 and the two warm-ups.
    Set<String> listed = new HashSet<>();
    String more = "";
    do {
      JsonNode page =
          own.get("/api/v2/courses" + (more.isEmpty() ? "" : "?more=" + TestHttp.enc(more))).json();
      page.get("courses").forEach(c -> assertThat(listed.add(c.get("id").asText())).isTrue());
      more = page.path("more").asText("");
    } while (!more.isEmpty());
    assertThat(listed).isEqualTo(expected);
    // Stored state: 202 import jobs, every one COMPLETE; 202 versions with 202 distinct blobs.
    List<Document> jobs =
        collection(MongoStore.IMPORT_JOBS)
            .find(Filters.eq("tenantId", tenant))
            .into(new ArrayList<>());
    assertThat(jobs).hasSize(n + 2);
    assertThat(jobs).allSatisfy(j -> assertThat(j.getString("status")).isEqualTo("COMPLETE"));
    List<Document> versions =
        collection(MongoStore.COURSE_VERSIONS)
            .find(Filters.eq("tenantId", tenant))
            .into(new ArrayList<>());
    assertThat(versions).hasSize(n + 2);
    assertThat(versions.stream().map(d -> d.getString("blobId")).distinct()).hasSize(n + 2);
  }

  /** An upload refused at once with the conflict. */
  private record Refused(byte[] zip) {}

  private static ImportJob awaitEnd(String jobId) throws InterruptedException {
    return awaitEnd(tenantId, jobId);
  }

  /**
   * Waits until the job has left RUNNING (read from the store, to spare the API the polling); the
   * deadline only detects a hang.
   */
  private static ImportJob awaitEnd(String tenant, String jobId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (true) {
      ImportJob job = server.server().services().store().jobs().find(tenant, jobId).orElseThrow();
      if (job.status() != ImportJob.Status.RUNNING) {
        return job;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("import job " + jobId + " still RUNNING after 5 minutes");
      }
      Thread.sleep(50);
    }
  }

  private static com.mongodb.client.MongoCollection<Document> collection(String name) {
    return server.server().services().store().database().getCollection(name);
  }
}
