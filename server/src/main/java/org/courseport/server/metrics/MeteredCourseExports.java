package org.courseport.server.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.IntConsumer;
import org.courseport.server.export.CourseExports;
import org.courseport.server.export.ExportOptions;

/**
 * Course export metrics around the exporter: {@code courseport_export_duration_seconds} and {@code
 * courseport_export_bytes} by format and outcome ({@code built}, {@code cached}, {@code error}; no
 * bytes for errors). Every export path goes through it: the REST and gRPC exports and the Canvas
 * content exports.
 */
public final class MeteredCourseExports implements CourseExports {

  private final CourseExports delegate;
  private final MeterRegistry registry;

  public MeteredCourseExports(CourseExports delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
  }

  @Override
  public ExportedPackage export(
      String tenantId, String courseId, ExportOptions options, IntConsumer progress) {
    long start = System.nanoTime();
    String format = options.format().apiName();
    try {
      ExportedPackage pkg = delegate.export(tenantId, courseId, options, progress);
      String outcome = pkg.cached() ? "cached" : "built";
      time(format, outcome, start);
      DistributionSummary.builder("courseport.export.bytes")
          .description("Size of the exported zips, by format and outcome")
          .baseUnit("bytes")
          .tag("format", format)
          .tag("outcome", outcome)
          .register(registry)
          .record(pkg.size());
      return pkg;
    } catch (RuntimeException e) {
      time(format, "error", start);
      throw e;
    }
  }

  private void time(String format, String outcome, long start) {
    Timer.builder("courseport.export.duration")
        .description("Course exports, by format and outcome")
        .tag("format", format)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry)
        .record(Duration.ofNanos(System.nanoTime() - start));
  }
}
