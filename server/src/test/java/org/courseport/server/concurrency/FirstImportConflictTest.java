package org.courseport.server.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.grpc.GrpcFixtures.blobPath;
import static org.courseport.server.grpc.GrpcFixtures.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.courseport.server.grpc.GrpcFixtures;
import org.courseport.server.jobs.ImportCheckpoints;
import org.courseport.server.jobs.ImportCheckpoints.Point;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.Gate;
import org.courseport.server.testing.TestHttp.Response;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12: two first imports into one new course id give one course and one clear conflict, forced
 * rather than provoked. Through the real servers (a SCORM Cloud REST upload and a gRPC upload),
 * both imports are held at the import checkpoint {@link Point#VERSION_RECORDED}: each was accepted
 * as a first import (no version of the course was visible), each has recorded its version document,
 * neither has touched the course record. The test then lets them commit one after the other, in
 * either order.
 */
class FirstImportConflictTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private static final String KEY = CourseportServerExtension.KEY;
  private static String tenantId;
  private static Http http;

  /** Gates where each job's attempt is held, by job id. */
  private final Map<String, Gate> held = new ConcurrentHashMap<>();

  /** Opened when each job's attempt is over, by job id. */
  private final Map<String, CountDownLatch> finished = new ConcurrentHashMap<>();

  @BeforeAll
  static void setUp() {
    tenantId = GrpcFixtures.tenantId(server, KEY);
    http = new Http(server, KEY);
  }

  @BeforeEach
  void hold() {
    server
        .server()
        .services()
        .importCheckpoints(
            (point, job) -> {
              if (point == Point.VERSION_RECORDED) {
                held(job.jobId()).pass();
              } else if (point == Point.FINISHED) {
                finished(job.jobId()).countDown();
              }
            });
  }

  @AfterEach
  void release() {
    held.values().forEach(Gate::open);
    server.server().services().importCheckpoints(ImportCheckpoints.NONE);
  }

  /** Which of the two held imports commits first. */
  enum Order {
    /** The REST upload, accepted first (version 0), commits first. */
    FIRST_ACCEPTED_COMMITS_FIRST,
    /** The gRPC upload, accepted second (version 1), commits first. */
    SECOND_ACCEPTED_COMMITS_FIRST
  }

  @ParameterizedTest
  @EnumSource(Order.class)
  void twoFirstImportsHeldBeforeCommitting_oneCourseOneVersionAndOneClearConflict(Order order)
      throws Exception {
    String course = "held-" + order.ordinal();
    String conflict =
        "Course '"
            + course
            + "' already exists; set mayCreateNewVersion=true to import a new version";
    byte[] restZip = TestPackages.scorm12(course + " over REST");
    byte[] grpcZip = TestPackages.scorm12(course + " over gRPC");

    // Both uploads are accepted as first imports: the first is held before its commit, so the
    // course has no visible version when the second arrives.
    Response accepted = http.scormCloudUpload(course, false, restZip);
    assertThat(accepted.status()).as("REST upload %s", accepted).isEqualTo(200);
    String restJob = accepted.json().get("result").asText();
    held(restJob).awaitArrival();
    String grpcJob = GrpcFixtures.upload(server, KEY, metadata(course), grpcZip);
    held(grpcJob).awaitArrival();

    // Held: both version documents recorded (0 and 1, in acceptance order), the course record
    // still a placeholder with both jobs pending, both blobs stored.
    Document placeholder = courseRecords(course).get(0);
    assertThat(placeholder.getInteger("latestVersion")).isEqualTo(-1);
    assertThat(placeholder.getInteger("nextVersion")).isEqualTo(2);
    assertThat(placeholder.getList("pendingJobs", String.class))
        .containsExactlyInAnyOrder(restJob, grpcJob);
    assertThat(versionNumbers(course)).containsExactlyInAnyOrder(0, 1);
    assertThat(blobPath(server, restZip)).exists();
    assertThat(blobPath(server, grpcZip)).exists();
    assertThat(http.get("/api/v2/courses/" + course).status()).isEqualTo(404);

    boolean restFirst = order == Order.FIRST_ACCEPTED_COMMITS_FIRST;
    String winner = restFirst ? restJob : grpcJob;
    String loser = restFirst ? grpcJob : restJob;
    byte[] winnerZip = restFirst ? restZip : grpcZip;
    byte[] loserZip = restFirst ? grpcZip : restZip;
    String winnerTitle = course + (restFirst ? " over REST" : " over gRPC");
    int winnerVersion = restFirst ? 0 : 1;

    held(winner).open();
    awaitFinished(winner);
    JsonNode won = http.get("/api/v2/courses/importJobs/" + winner).json();
    assertThat(won.get("status").asText()).as("%s", won).isEqualTo("COMPLETE");
    assertThat(won.get("importResult").get("course").get("version").asInt())
        .isEqualTo(winnerVersion);

    held(loser).open();
    awaitFinished(loser);
    JsonNode lost = http.get("/api/v2/courses/importJobs/" + loser).json();
    assertThat(lost.get("status").asText()).as("%s", lost).isEqualTo("ERROR");
    assertThat(lost.get("message").asText()).isEqualTo(conflict);

    // One course with the winner's version, title and bytes, over REST and as stored.
    JsonNode versions = http.get("/api/v2/courses/" + course + "/versions").json().get("courses");
    assertThat(versions).hasSize(1);
    assertThat(versions.get(0).get("version").asInt()).isEqualTo(winnerVersion);
    JsonNode now = http.get("/api/v2/courses/" + course).json();
    assertThat(now.get("title").asText()).isEqualTo(winnerTitle);
    assertThat(now.get("version").asInt()).isEqualTo(winnerVersion);
    assertThat(http.get("/api/v2/courses/" + course + "/zip").body()).isEqualTo(winnerZip);
    List<Document> records = courseRecords(course);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).getInteger("latestVersion")).isEqualTo(winnerVersion);
    assertThat(records.get(0).getList("pendingJobs", String.class)).isEmpty();
    // Nothing half-stored: the loser's version document and blob are gone.
    assertThat(versionNumbers(course)).containsExactly(winnerVersion);
    assertThat(blobPath(server, winnerZip)).exists();
    assertThat(blobPath(server, loserZip)).doesNotExist();
  }

  private Gate held(String jobId) {
    return held.computeIfAbsent(jobId, k -> new Gate());
  }

  private CountDownLatch finished(String jobId) {
    return finished.computeIfAbsent(jobId, k -> new CountDownLatch(1));
  }

  /**
   * Waits until the job's attempt is over (it has ended the job); the bound only detects a hang.
   */
  private void awaitFinished(String jobId) throws InterruptedException {
    assertThat(finished(jobId).await(2, TimeUnit.MINUTES))
        .as("import job %s finished", jobId)
        .isTrue();
  }

  private static Bson courseKey(String course) {
    return Filters.and(Filters.eq("tenantId", tenantId), Filters.eq("courseId", course));
  }

  private static List<Document> courseRecords(String course) {
    return collection(MongoStore.COURSES).find(courseKey(course)).into(new ArrayList<>());
  }

  private static List<Integer> versionNumbers(String course) {
    List<Integer> numbers = new ArrayList<>();
    collection(MongoStore.COURSE_VERSIONS)
        .find(courseKey(course))
        .forEach(d -> numbers.add(d.getInteger("version")));
    return numbers;
  }

  private static MongoCollection<Document> collection(String name) {
    return server.server().services().store().database().getCollection(name);
  }
}
