package org.courseport.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.course.CourseView;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJob.Status;
import org.courseport.server.packaging.xml.SchemaRegistry;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 50 parallel uploads into one course with random deletes of versions and of the course, then the
 * invariants at the end. Assertions are on the final state only, never on timing.
 */
class ImportStressTest {
  private static final String COURSE = "stress";
  private ImportHarness h;

  @BeforeAll
  static void compileSchemas() {
    SchemaRegistry.shared().compileAll();
  }

  @AfterEach
  void tearDown() throws Exception {
    h.close();
  }

  @Test
  void fiftyParallelUploadsWithRandomDeletesKeepEveryInvariant() throws Exception {
    h = new ImportHarness();
    h.startWorker(3, Duration.ofMinutes(3));
    Random random = new Random(20261205);
    Set<Integer> deletedVersions = ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicInteger accepted =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger courseDeletes =
        new java.util.concurrent.atomic.AtomicInteger();
    List<String> jobIds = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> uploads = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      // Every fifth package repeats the previous one's bytes (same blob); every tenth upload is a
      // first import without mayCreateNewVersion.
      byte[] zip = TestPackages.scorm12("Package " + (i % 5 == 4 ? i - 1 : i));
      boolean mayCreate = i % 10 != 0;
      int inFlightBefore = i - 12;
      uploads.add(
          pool.submit(
              () -> {
                start.await();
                // At most about a dozen uploads ahead of the workers, so that uploads go on after
                // deletes.
                awaitFinishedAttempts(inFlightBefore);
                try {
                  jobIds.add(h.upload(COURSE, mayCreate, zip));
                  accepted.incrementAndGet();
                } catch (DomainException e) {
                  accepted.incrementAndGet();
                  assertThat(e.reason()).isEqualTo("COURSE_EXISTS");
                }
                return null;
              }));
    }
    ExecutorService deleter = Executors.newSingleThreadExecutor();
    Future<?> deletes =
        deleter.submit(
            () -> {
              start.await();
              for (int op = 0; op < 14; op++) {
                // Spread over the uploads: op k once 5 + 3k uploads were answered.
                awaitAtLeast(accepted, 5 + 3 * op);
                try {
                  if (op == 5 || op == 10) {
                    h.catalog.deleteCourse(ImportHarness.TENANT, COURSE);
                    courseDeletes.incrementAndGet();
                    continue;
                  }
                  List<CourseView> versions =
                      h.catalog.versions(ImportHarness.TENANT, COURSE, null, null);
                  if (versions.isEmpty()) {
                    // The course exists but its imports have not produced a version yet (or all
                    // were deleted); nothing to delete this round.
                    continue;
                  }
                  int v = versions.get(random.nextInt(versions.size())).version().version();
                  h.catalog.deleteVersion(ImportHarness.TENANT, COURSE, v);
                  deletedVersions.add(v);
                } catch (DomainException e) {
                  assertThat(e.reason()).isIn("COURSE_NOT_FOUND", "VERSION_NOT_FOUND");
                }
              }
              return null;
            });
    start.countDown();
    for (Future<?> f : uploads) {
      f.get(5, TimeUnit.MINUTES);
    }
    deletes.get(5, TimeUnit.MINUTES);
    pool.shutdown();
    deleter.shutdown();

    Map<String, ImportJob> ended = new HashMap<>();
    for (String id : jobIds) {
      // A course delete removes the finished jobs of the course; those are gone, not stuck.
      awaitEndOrRemoval(id).ifPresent(j -> ended.put(id, j));
      // The attempt still tidies up (a last look at its blob) after the job has ended.
      awaitAttemptFinished(id);
    }
    assertInvariants(ended, deletedVersions);
    System.out.printf(
        "stress: %d accepted, %d complete, %d error, %d versions and %d course"
            + " deletes, %d versions left%n",
        jobIds.size(),
        ended.values().stream().filter(j -> j.status() == Status.COMPLETE).count(),
        ended.values().stream().filter(j -> j.status() == Status.ERROR).count(),
        deletedVersions.size(),
        courseDeletes.get(),
        h.documents(MongoStore.COURSE_VERSIONS).size());
    ended.values().stream()
        .filter(j -> j.status() == Status.ERROR)
        .collect(
            java.util.stream.Collectors.groupingBy(
                ImportJob::message, java.util.stream.Collectors.counting()))
        .forEach((m, n) -> System.out.printf("stress: %d x %s%n", n, m));
  }

  private static void awaitAtLeast(java.util.concurrent.atomic.AtomicInteger counter, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && counter.get() < n) {
      Thread.sleep(5);
    }
  }

  /** Waits (bounded) until {@code n} import attempts have finished. */
  private void awaitFinishedAttempts(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline
        && h.hooks.reached.stream().filter(r -> r.startsWith("FINISHED")).count() < n) {
      Thread.sleep(10);
    }
  }

  private void awaitAttemptFinished(String jobId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (h.hooks.reached.stream().noneMatch(r -> r.startsWith("FINISHED " + jobId + " "))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("attempt of job " + jobId + " never finished");
      }
      Thread.sleep(10);
    }
  }

  private java.util.Optional<ImportJob> awaitEndOrRemoval(String jobId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      var job = h.store.jobs().find(ImportHarness.TENANT, jobId);
      if (job.isEmpty() || job.get().status() != Status.RUNNING) {
        return job;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("job " + jobId + " still RUNNING after 5 minutes");
  }

  private void assertInvariants(Map<String, ImportJob> jobs, Set<Integer> deletedVersions)
      throws Exception {
    List<Document> versionDocs = h.documents(MongoStore.COURSE_VERSIONS);
    Document course = h.documents(MongoStore.COURSES).stream().findFirst().orElse(null);
    Set<Integer> numbers = new HashSet<>();
    versionDocs.forEach(d -> assertThat(numbers.add(d.getInteger("version"))).isTrue());
    long generation = course == null ? 0 : ((Number) course.get("generation")).longValue();

    assertThat(jobs.values())
        .allSatisfy(
            j -> {
              assertThat(j.status()).as("job %s", j.jobId()).isNotEqualTo(Status.RUNNING);
              assertThat(j.message())
                  .as("job %s", j.jobId())
                  .isNotEqualTo("Internal error while importing the package");
            });
    // Every COMPLETE job's version is readable, unless it was deleted since.
    for (ImportJob j : jobs.values()) {
      if (j.status() != Status.COMPLETE) {
        continue;
      }
      assertThat(j.version()).isEqualTo(j.reservation().version());
      boolean deletedSince =
          deletedVersions.contains(j.version()) || j.reservation().generation() != generation;
      if (!deletedSince) {
        assertThat(
                h.catalog
                    .view(ImportHarness.TENANT, COURSE, OptionalInt.of(j.version()))
                    .version()
                    .blobId())
            .isEqualTo(h.job(j.jobId()).blobId());
      }
    }
    // No orphan version document: each belongs to the visible course, whose latest is the highest.
    if (course == null || course.getInteger("latestVersion") < 0) {
      assertThat(versionDocs).as("versions of a deleted course").isEmpty();
    } else {
      assertThat(course.getInteger("latestVersion"))
          .isEqualTo(numbers.stream().mapToInt(Integer::intValue).max().orElseThrow());
      assertThat(course.getList("pendingJobs", String.class)).isEmpty();
      assertThat(numbers).allMatch(n -> n < course.getInteger("nextVersion"));
    }
    // Gaps in the numbering only where an import failed or a version/course was deleted.
    Map<Integer, ImportJob> byNumber = new HashMap<>();
    jobs.values().forEach(j -> assertThat(byNumber.put(j.reservation().version(), j)).isNull());
    for (int n : numbers) {
      ImportJob j = byNumber.get(n);
      if (j != null) {
        assertThat(j.status()).as("job behind version %d", n).isEqualTo(Status.COMPLETE);
      }
    }
    // No orphan blob, and no version without its blob.
    Set<String> referenced = new HashSet<>();
    versionDocs.forEach(d -> referenced.add(d.getString("blobId")));
    assertThat(h.blobFiles()).isEqualTo(referenced);
  }
}
