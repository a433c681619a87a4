package org.courseport.server.contentexport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.courseport.server.domain.contentexport.ContentExport;
import org.courseport.server.domain.contentexport.ContentExportWorker;
import org.courseport.server.domain.contentexport.ContentExports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Jobs claimed through MongoDB with a lease: a job whose worker stopped (its process died) keeps
 * its claim until the lease ends, then a second worker instance claims it again and finishes it;
 * the first worker's late writes change nothing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ContentExportWorkerTest {
  static CanvasHarness h;

  @BeforeAll
  static void start() throws IOException {
    h = new CanvasHarness();
    h.worker.close(); // this test drives its own workers
  }

  @AfterAll
  static void stop() throws IOException {
    h.close();
  }

  @Test
  void staleLease_isClaimedAgainByASecondWorker_afterTheFirstStopped() throws Exception {
    h.addCourse(CanvasHarness.TENANT, "hang-course");
    ContentExports exports = h.newExports();
    ContentExport job =
        exports.create(CanvasHarness.TENANT, "courses", "hang-course", "common_cartridge", "1.1");
    assertThat(job.state()).isEqualTo(ContentExport.State.CREATED);

    ScriptedCourseExports hanging = new ScriptedCourseExports(h.blobs);
    hanging.hang = true;
    ContentExportWorker first = h.newWorker(exports, hanging);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    Future<Boolean> firstRun = thread.submit(first::runOnce);
    assertThat(hanging.hanging.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(h.jobs.find(CanvasHarness.TENANT, job.id()).orElseThrow().state())
        .isEqualTo(ContentExport.State.EXPORTING);

    // The first worker's process "dies": it stops renewing and writes nothing more.
    first.close();

    ScriptedCourseExports working = new ScriptedCourseExports(h.blobs);
    ContentExportWorker second = h.newWorker(exports, working);
    try {
      // Its lease still holds: nothing to claim.
      assertThat(second.runOnce()).isFalse();
      h.clock.advance(Duration.ofSeconds(31));
      assertThat(second.runOnce()).isTrue();
      ContentExport done = h.jobs.find(CanvasHarness.TENANT, job.id()).orElseThrow();
      assertThat(done.state()).isEqualTo(ContentExport.State.EXPORTED);
      assertThat(done.completion()).isEqualTo(100);
      assertThat(done.fileName()).isEqualTo("hang-course-common_cartridge_1.1.imscc");
      assertThat(exports.downloadUrl(done)).isPresent();

      // The first worker wakes up late: its writes are refused, the job stays exported.
      hanging.releaseHang.countDown();
      firstRun.get(60, TimeUnit.SECONDS);
      assertThat(
              h.jobs.fail(
                  CanvasHarness.TENANT, job.id(), first.workerId(), "late", h.clock.instant()))
          .isFalse();
      assertThat(h.jobs.find(CanvasHarness.TENANT, job.id()).orElseThrow().state())
          .isEqualTo(ContentExport.State.EXPORTED);
      assertThat(second.runOnce()).isFalse();
    } finally {
      second.close();
      thread.shutdownNow();
    }
  }

  @Test
  void racingClaims_giveTheJobToExactlyOneWorker() throws Exception {
    h.addCourse(CanvasHarness.THIRD, "race");
    ContentExports exports = h.newExports();
    ContentExport job = exports.create(CanvasHarness.THIRD, "courses", "race", "zip", "");
    int workers = 4;
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<java.util.Optional<ContentExport>>> claims = new java.util.ArrayList<>();
      for (int i = 0; i < workers; i++) {
        String worker = "w" + i;
        claims.add(
            pool.submit(
                () -> {
                  go.await();
                  java.time.Instant now = h.clock.instant();
                  return h.jobs.claim(worker, now, now.plusSeconds(30));
                }));
      }
      go.countDown();
      List<String> winners = new java.util.ArrayList<>();
      for (int i = 0; i < workers; i++) {
        java.util.Optional<ContentExport> got = claims.get(i).get(60, TimeUnit.SECONDS);
        if (got.isPresent()) {
          assertThat(got.get().id()).isEqualTo(job.id());
          winners.add("w" + i);
        }
      }
      assertThat(winners).hasSize(1);
      // Only the winner's writes count; end the job so that it is claimable by no later test.
      assertThat(h.jobs.fail(CanvasHarness.THIRD, job.id(), "w9", "not mine", h.clock.instant()))
          .isFalse();
      assertThat(
              h.jobs.fail(
                  CanvasHarness.THIRD, job.id(), winners.get(0), "ended", h.clock.instant()))
          .isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ids_arePerTenantIntegers_andTheUserIsCreatedOnce() {
    h.addCourse(CanvasHarness.OTHER, "per-tenant");
    ContentExports exports = h.newExports();
    ContentExport a = exports.create(CanvasHarness.OTHER, "courses", "per-tenant", "zip", "");
    ContentExport b = exports.create(CanvasHarness.OTHER, "courses", "per-tenant", "qti", null);
    assertThat(b.id()).isEqualTo(a.id() + 1);
    assertThat(b.userId()).isEqualTo(a.userId());
    assertThat(exports.user(CanvasHarness.OTHER, "self").id()).isEqualTo(a.userId());
  }
}
