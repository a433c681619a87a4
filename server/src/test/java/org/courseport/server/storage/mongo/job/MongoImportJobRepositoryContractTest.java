package org.courseport.server.storage.mongo.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJob.Status;
import org.courseport.server.domain.job.ImportJobRepository;
import org.courseport.server.domain.job.MediaMetadata;
import org.courseport.server.storage.mongo.MongoStoreContractTest;
import org.junit.jupiter.api.Test;

/** Contract of {@link MongoImportJobRepository}: storage, atomic claims, clean-up. */
abstract class MongoImportJobRepositoryContractTest extends MongoStoreContractTest {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00.321Z");
  static final Duration LEASE = Duration.ofMinutes(10);
  static final String BLOB = "a".repeat(64);

  ImportJobRepository jobs() {
    return store.jobs();
  }

  static ImportJob job(String tenantId, String jobId, Instant created) {
    return new ImportJob(
        jobId,
        tenantId,
        "course-" + jobId,
        true,
        ImportJob.Source.UPLOAD,
        BLOB,
        null,
        "golf.zip",
        "application/zip",
        "https://example.com/postback",
        Status.RUNNING,
        null,
        null,
        0,
        null,
        -1,
        List.of(),
        created,
        null);
  }

  Optional<ImportJob> claim(String worker, Instant now) {
    return jobs().claimNext(worker, now, now.minus(LEASE));
  }

  @Test
  void insertedJobIsFoundOnlyByItsTenant() {
    ImportJob fetch =
        new ImportJob(
            "j1",
            "t1",
            "c1",
            false,
            ImportJob.Source.FETCH,
            null,
            "https://example.com/golf.zip",
            "golf.zip",
            "",
            null,
            Status.RUNNING,
            "w",
            T0,
            2,
            "msg",
            3,
            List.of("w1", "w2"),
            T0,
            T0.plusSeconds(1));
    jobs().insert(fetch);

    assertThat(jobs().find("t1", "j1")).contains(fetch);
    assertThat(jobs().find("t2", "j1")).isEmpty();
  }

  @Test
  void claimTakesTheOldestUnclaimedJobAndRecordsTheClaim() {
    jobs().insert(job("t1", "j2", T0.plusSeconds(2)));
    jobs().insert(job("t2", "j1", T0.plusSeconds(1)));
    Instant now = T0.plusSeconds(5);

    ImportJob claimed = claim("w1", now).orElseThrow();

    assertThat(claimed.jobId()).isEqualTo("j1");
    assertThat(claimed.claimedBy()).isEqualTo("w1");
    assertThat(claimed.claimedAt()).isEqualTo(now);
    assertThat(claimed.attempts()).isEqualTo(1);
    assertThat(jobs().find("t2", "j1")).contains(claimed);
    assertThat(claim("w2", now).orElseThrow().jobId()).isEqualTo("j2");
    assertThat(claim("w3", now)).isEmpty();
  }

  @Test
  void staleClaimIsTakenOverByAnotherWorker() {
    jobs().insert(job("t1", "j1", T0));
    claim("w1", T0);

    assertThat(claim("w2", T0.plus(LEASE))).isEmpty();
    ImportJob retaken = claim("w2", T0.plus(LEASE).plusMillis(1)).orElseThrow();

    assertThat(retaken.claimedBy()).isEqualTo("w2");
    assertThat(retaken.attempts()).isEqualTo(2);
  }

  @Test
  void releasedClaimIsTakenAtOnceByAnotherWorker_andMediaMetadataRoundTrips() {
    ImportJob withMedia =
        new ImportJob(
            "jm",
            "t1",
            "c1",
            false,
            ImportJob.Source.UPLOAD,
            BLOB,
            null,
            "a.pdf",
            "application/pdf",
            null,
            Status.RUNNING,
            null,
            null,
            0,
            null,
            -1,
            List.of(),
            T0,
            null,
            new MediaMetadata("Title", "Desc", "fr", 42));
    jobs().insert(withMedia);
    assertThat(claim("w1", T0)).isPresent();
    assertThat(claim("w2", T0)).isEmpty();

    assertThat(jobs().releaseClaims("w1", T0)).isEqualTo(1);

    ImportJob taken = claim("w2", T0).orElseThrow();
    assertThat(taken.claimedBy()).isEqualTo("w2");
    assertThat(taken.attempts()).isEqualTo(2);
    assertThat(taken.media()).isEqualTo(new MediaMetadata("Title", "Desc", "fr", 42));
  }

  @Test
  void finishedJobsAreNeverClaimed() {
    jobs().insert(job("t1", "j1", T0));
    jobs().insert(job("t1", "j2", T0));
    jobs().complete("j1", 0, List.of(), T0);
    jobs().fail("j2", "broken zip", T0);

    assertThat(claim("w1", T0.plus(Duration.ofDays(1)))).isEmpty();
  }

  @Test
  void concurrentWorkersNeverClaimTheSameJob() throws Exception {
    int jobCount = 60;
    for (int i = 0; i < jobCount; i++) {
      jobs().insert(job("t" + (i % 3), String.format("j%03d", i), T0.plusMillis(i)));
    }
    int workers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    List<Future<List<String>>> results = new ArrayList<>();
    try {
      for (int w = 0; w < workers; w++) {
        String worker = "w" + w;
        Callable<List<String>> drain =
            () -> {
              List<String> mine = new ArrayList<>();
              for (Optional<ImportJob> j = claim(worker, T0);
                  j.isPresent();
                  j = claim(worker, T0)) {
                mine.add(j.get().jobId());
              }
              return mine;
            };
        results.add(pool.submit(drain));
      }
      List<String> all = new ArrayList<>();
      for (Future<List<String>> f : results) {
        all.addAll(f.get());
      }
      assertThat(all).hasSize(jobCount).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void completeAndFailRecordTheOutcomeOnce() {
    jobs().insert(job("t1", "j1", T0));
    jobs().insert(job("t1", "j2", T0));

    jobs().complete("j1", 4, List.of("BOM removed"), T0.plusSeconds(3));
    jobs().fail("j1", "too late", T0.plusSeconds(4));
    jobs().fail("j2", "no manifest", T0.plusSeconds(5));

    ImportJob done = jobs().find("t1", "j1").orElseThrow();
    assertThat(done.status()).isEqualTo(Status.COMPLETE);
    assertThat(done.version()).isEqualTo(4);
    assertThat(done.warnings()).containsExactly("BOM removed");
    assertThat(done.finished()).isEqualTo(T0.plusSeconds(3));
    assertThat(done.message()).isNull();
    ImportJob failed = jobs().find("t1", "j2").orElseThrow();
    assertThat(failed.status()).isEqualTo(Status.ERROR);
    assertThat(failed.message()).isEqualTo("no manifest");
    assertThat(failed.finished()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void setBlobRecordsTheFetchedPackage() {
    jobs().insert(job("t1", "j1", T0));

    jobs().setBlob("j1", "b".repeat(64), T0);

    assertThat(jobs().find("t1", "j1").orElseThrow().blobId()).isEqualTo("b".repeat(64));
  }

  @Test
  void deleteFinishedBeforeKeepsRunningAndRecentJobs() {
    jobs().insert(job("t1", "old", T0));
    jobs().insert(job("t1", "recent", T0));
    jobs().insert(job("t1", "running", T0));
    jobs().complete("old", 0, List.of(), T0.plusSeconds(1));
    jobs().fail("recent", "x", T0.plusSeconds(100));

    assertThat(jobs().deleteFinishedBefore(T0.plusSeconds(50))).isEqualTo(1);

    assertThat(jobs().find("t1", "old")).isEmpty();
    assertThat(jobs().find("t1", "recent")).isPresent();
    assertThat(jobs().find("t1", "running")).isPresent();
  }

  @Test
  void deleteFinishedByCourseRemovesOnlyThatTenantsFinishedCourseJobs() {
    jobs().insert(job("t1", "j1", T0));
    jobs().insert(job("t2", "j1b", T0));
    ImportJob sameCourseOtherTenant = job("t2", "j2", T0);
    jobs().insert(sameCourseOtherTenant);

    assertThat(jobs().deleteFinishedByCourse("t1", "course-j1")).isZero();
    jobs().complete("j1", 0, List.of(), T0);
    assertThat(jobs().deleteFinishedByCourse("t1", "course-j1")).isEqualTo(1);
    assertThat(jobs().deleteFinishedByCourse("t1", "course-j2")).isZero();

    assertThat(jobs().find("t2", "j2")).contains(sameCourseOtherTenant);
  }

  @Test
  void leaseIsRenewedOnlyByItsHolderAndAttempt() {
    jobs().insert(job("t1", "j1", T0));
    claim("w1", T0);

    assertThat(jobs().renewLease("j1", "w1", 1, T0.plus(LEASE))).isTrue();
    assertThat(claim("w2", T0.plus(LEASE).plusMillis(1))).isEmpty();
    assertThat(jobs().renewLease("j1", "w2", 1, T0)).isFalse();
    assertThat(jobs().renewLease("j1", "w1", 2, T0)).isFalse();

    ImportJob taken = claim("w2", T0.plus(LEASE).plus(LEASE).plusMillis(1)).orElseThrow();
    assertThat(taken.attempts()).isEqualTo(2);
    assertThat(jobs().renewLease("j1", "w1", 1, T0.plus(LEASE))).isFalse();
    jobs().complete("j1", 0, List.of(), T0);
    assertThat(jobs().renewLease("j1", "w2", 2, T0)).isFalse();
  }

  @Test
  void blobIsReferencedOnlyByUnfinishedJobs() {
    jobs().insert(job("t1", "j1", T0));
    assertThat(jobs().isBlobReferenced(BLOB)).isTrue();

    jobs().complete("j1", 0, List.of(), T0);

    assertThat(jobs().isBlobReferenced(BLOB)).isFalse();
  }

  @Test
  void blobIsReferencedByOtherJob_ignoresTheJobAsked() {
    jobs().insert(job("t1", "j1", T0));
    assertThat(jobs().isBlobReferencedByOtherJob(BLOB, "j1")).isFalse();

    jobs().insert(job("t1", "j2", T0));

    assertThat(jobs().isBlobReferencedByOtherJob(BLOB, "j1")).isTrue();
    jobs().fail("j2", "refused", T0);
    assertThat(jobs().isBlobReferencedByOtherJob(BLOB, "j1")).isFalse();
  }
}
