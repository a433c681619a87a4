package org.courseport.server.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportJobListener;

/**
 * Import metrics, taken when a job ends: {@code courseport_import_duration_seconds} (from the
 * worker's claim to the end; from the job's creation when no earlier claim time is stored) and
 * {@code courseport_import_bytes} (the package's size), by status ({@code complete}, {@code
 * error}).
 */
public final class ImportMetrics implements ImportJobListener {

  private final MeterRegistry registry;
  private final BlobStore blobs;

  public ImportMetrics(MeterRegistry registry, BlobStore blobs) {
    this.registry = registry;
    this.blobs = blobs;
  }

  @Override
  public void jobEnded(ImportJob job) {
    String status = job.status().name().toLowerCase(Locale.ROOT);
    Instant end = job.finished();
    Instant start = job.claimedAt();
    if (start == null || end == null || start.isAfter(end)) {
      // Never claimed, or the stored claim time is a later lease renewal than the end.
      start = job.created();
    }
    if (start != null && end != null && !start.isAfter(end)) {
      Timer.builder("courseport.import.duration")
          .description("Import jobs, from claim to end, by final status")
          .tag("status", status)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(10))
          .maximumExpectedValue(Duration.ofMinutes(10))
          .register(registry)
          .record(Duration.between(start, end));
    }
    long size = size(job.blobId());
    if (size >= 0) {
      DistributionSummary.builder("courseport.import.bytes")
          .description("Size of the imported packages, by final status")
          .baseUnit("bytes")
          .tag("status", status)
          .register(registry)
          .record(size);
    }
  }

  private long size(String blobId) {
    if (blobId == null || !blobs.exists(blobId)) {
      return -1;
    }
    try {
      return blobs.size(blobId);
    } catch (IOException | RuntimeException e) {
      return -1; // deleted in between (an ERROR job's clean-up): no size to report
    }
  }
}
