package org.courseport.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJob.Status;
import org.courseport.server.jobs.ImportCheckpoints.Point;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.testing.Gate;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interleavings of imports, deletes and dead workers, each driven deterministically through
 * checkpoint gates: the import is held at a named step while the other party acts.
 */
class ImportConcurrencyTest {
  private static final Duration BUDGET = Duration.ofMinutes(3);
  private ImportHarness h;

  /** Gates by "POINT fileName attempt". */
  private final Map<String, Gate> gates = new ConcurrentHashMap<>();

  private int uploads;

  @BeforeEach
  void setUp() throws Exception {
    h = new ImportHarness();
    h.hooks.delegate =
        (point, job) -> {
          Gate gate = gates.get(point + " " + job.fileName() + " " + job.attempts());
          if (gate != null) {
            gate.pass();
          }
        };
  }

  @AfterEach
  void tearDown() throws Exception {
    gates.values().forEach(Gate::open);
    h.close();
  }

  /** Uploads with a gate in place where the job's first attempt will reach {@code point}. */
  private String uploadHeldAt(
      Point point, String courseId, boolean mayCreate, byte[] zip, Gate[] out) {
    String fileName = "held-" + (++uploads) + ".zip";
    out[0] = gate(point, fileName, 1);
    return h.upload(courseId, mayCreate, zip, fileName);
  }

  private Gate gate(Point point, String fileName, int attempt) {
    return gates.computeIfAbsent(point + " " + fileName + " " + attempt, k -> new Gate());
  }

  @Test
  void twoFirstImportsWithoutNewVersion_exactlyOneCompletesAndTheLoserRemovesOnlyItsOwn()
      throws Exception {
    Gate[] held = new Gate[1];
    String loser =
        uploadHeldAt(Point.VERSION_RECORDED, "c", false, TestPackages.scorm12("A"), held);
    h.startWorker(2, BUDGET);
    held[0].awaitArrival();
    // The loser's version document is recorded; now the winner imports from start to end.
    String winner = h.upload("c", false, TestPackages.scorm12("B"));
    ImportJob won = h.awaitEnd(winner);
    held[0].open();
    ImportJob lost = h.awaitEnd(loser);

    assertThat(won.status()).isEqualTo(Status.COMPLETE);
    assertThat(lost.status()).isEqualTo(Status.ERROR);
    assertThat(lost.message()).contains("Course 'c' already exists");
    var view = h.catalog.view(ImportHarness.TENANT, "c", OptionalInt.empty());
    assertThat(view.version().version()).isEqualTo(won.version());
    assertThat(view.course().title()).isEqualTo("B");
    assertThat(h.store.versions().list(ImportHarness.TENANT, "c"))
        .extracting(CourseVersion::version)
        .containsExactly(won.version());
    assertThat(h.blobFiles()).containsExactly(view.version().blobId());
  }

  @ParameterizedTest
  @EnumSource(names = {"INSPECTED", "VERSION_RECORDED"})
  void deleteOfTheCourseWhileANewVersionImports_courseStaysDeletedAndNothingIsLeft(Point point)
      throws Exception {
    h.startWorker(1, BUDGET);
    ImportJob first = h.awaitEnd(h.upload("c", false, TestPackages.scorm12("One")));
    assertThat(first.status()).isEqualTo(Status.COMPLETE);
    Gate[] held = new Gate[1];
    String late = uploadHeldAt(point, "c", true, TestPackages.scorm12("Two"), held);
    held[0].awaitArrival();

    h.catalog.deleteCourse(ImportHarness.TENANT, "c");
    held[0].open();
    ImportJob ended = h.awaitEnd(late);

    assertThat(ended.status()).isEqualTo(Status.ERROR);
    assertThat(ended.message())
        .isEqualTo("Course 'c' was deleted while this import ran; nothing was imported");
    assertThatThrownBy(() -> h.catalog.course(ImportHarness.TENANT, "c"))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("not found");
    assertThat(h.documents(MongoStore.COURSE_VERSIONS)).isEmpty();
    assertThat(h.blobFiles()).isEmpty();
    assertThat(h.store.courses().find(ImportHarness.TENANT, "c")).as("tombstone").isEmpty();
    // The course id is free again, from version 0.
    ImportJob again = h.awaitEnd(h.upload("c", false, TestPackages.scorm12("Three")));
    assertThat(again.status()).isEqualTo(Status.COMPLETE);
    assertThat(again.version()).isZero();
  }

  @Test
  void olderUploadFinishingLastIsKeptButDoesNotBecomeTheLatest() throws Exception {
    h.startWorker(2, BUDGET);
    h.awaitEnd(h.upload("c", false, TestPackages.scorm12("v0")));
    Gate[] held = new Gate[1];
    String older = uploadHeldAt(Point.INSPECTED, "c", true, TestPackages.scorm12("v1"), held);
    held[0].awaitArrival();
    ImportJob newer = h.awaitEnd(h.upload("c", true, TestPackages.scorm12("v2")));
    held[0].open();
    ImportJob olderEnded = h.awaitEnd(older);

    assertThat(olderEnded.status()).isEqualTo(Status.COMPLETE);
    assertThat(olderEnded.version()).isEqualTo(1);
    assertThat(newer.version()).isEqualTo(2);
    var latest = h.catalog.view(ImportHarness.TENANT, "c", OptionalInt.empty());
    assertThat(latest.version().version()).isEqualTo(2);
    assertThat(latest.course().title()).isEqualTo("v2");
    assertThat(h.catalog.view(ImportHarness.TENANT, "c", OptionalInt.of(1)).version().title())
        .isEqualTo("v1");
  }

  @Test
  void deadWorkersJobIsTakenOverOnceItsLeaseRunsOut() throws Exception {
    String jobId = h.upload("c", false, TestPackages.scorm12("Orphaned"));
    // kill -9: a worker claimed the job and vanished without releasing it.
    assertThat(
            h.store
                .jobs()
                .claimNext("dead", h.clock.instant(), h.clock.instant().minus(ImportWorker.LEASE)))
        .isPresent();
    h.clock.advance(ImportWorker.LEASE.minusSeconds(1));
    assertThat(
            h.store
                .jobs()
                .claimNext("probe", h.clock.instant(), h.clock.instant().minus(ImportWorker.LEASE)))
        .as("claim while the lease holds")
        .isEmpty();

    h.clock.advance(Duration.ofSeconds(2));
    h.startWorker(1, BUDGET);
    ImportJob ended = h.awaitEnd(jobId);

    assertThat(ended.status()).isEqualTo(Status.COMPLETE);
    assertThat(ended.attempts()).isEqualTo(2);
    assertThat(h.catalog.view(ImportHarness.TENANT, "c", OptionalInt.empty()).version().title())
        .isEqualTo("Orphaned");
  }

  @Test
  void heartbeatKeepsTheLeaseOfARunningJob() throws Exception {
    Gate[] held = new Gate[1];
    String jobId = uploadHeldAt(Point.INSPECTED, "c", false, TestPackages.scorm12("Long"), held);
    ImportWorker worker = h.startWorker(1, BUDGET);
    held[0].awaitArrival();

    h.clock.advance(ImportWorker.LEASE.minusSeconds(10));
    worker.renewLeases();
    h.clock.advance(ImportWorker.LEASE.minusSeconds(10));
    assertThat(
            h.store
                .jobs()
                .claimNext("other", h.clock.instant(), h.clock.instant().minus(ImportWorker.LEASE)))
        .as("take-over of a renewed lease")
        .isEmpty();

    held[0].open();
    ImportJob ended = h.awaitEnd(jobId);
    assertThat(ended.status()).isEqualTo(Status.COMPLETE);
    assertThat(ended.attempts()).isEqualTo(1);
  }

  @Test
  void workerThatLostItsLeaseDoesNotCommit() throws Exception {
    Gate[] held = new Gate[1];
    String jobId = uploadHeldAt(Point.INSPECTED, "c", false, TestPackages.scorm12("Leased"), held);
    Gate firstAttemptOver = gate(Point.FINISHED, h.job(jobId).fileName(), 1);
    h.startWorker(1, BUDGET);
    held[0].awaitArrival();
    // The first worker stalls past its lease (no heartbeat); a second worker takes the job over.
    h.clock.advance(ImportWorker.LEASE.plusSeconds(1));
    h.startWorker(1, BUDGET);
    ImportJob ended = h.awaitEnd(jobId);
    assertThat(ended.status()).isEqualTo(Status.COMPLETE);
    assertThat(ended.attempts()).isEqualTo(2);

    held[0].open();
    // The stalled attempt wakes up; its fence must refuse every write.
    firstAttemptOver.awaitArrival();
    firstAttemptOver.open();

    assertThat(h.hooks.reached)
        .contains("VERSION_RECORDED " + jobId + " attempt 2")
        .doesNotContain("VERSION_RECORDED " + jobId + " attempt 1");
    assertThat(h.job(jobId).status()).isEqualTo(Status.COMPLETE);
    assertThat(h.store.versions().list(ImportHarness.TENANT, "c")).hasSize(1);
  }
}
