package org.courseport.server.export.core;

import java.io.IOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.export.CourseExports;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ExportRefusedException;
import org.courseport.server.export.ExportVerifier;
import org.courseport.server.export.PackageWriter;
import org.courseport.server.export.ZipAssembler;
import org.courseport.server.export.ZipAssembler.StoredZip;
import org.courseport.server.export.core.ExportBuilds.Build;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a course: loads it ({@link SnapshotLoader}), asks the first writer that supports the
 * course and format for the plan, and serves the tenant's stored build with the plan's key while
 * its blob exists; otherwise writes the zip, checks it ({@link ExportVerifier}) and records the
 * build. A package that fails its checks is logged with the report, its blob deleted unless
 * something else uses the bytes, and the caller gets an INTERNAL error without internals.
 *
 * <p>Progress: 0 at the start, 10 once planned, 10–80 while the zip is written (by the bytes of the
 * entries read), 80–95 while it is checked, 100 when done.
 */
public final class DefaultCourseExports implements CourseExports {
  private static final Logger log = LoggerFactory.getLogger(DefaultCourseExports.class);

  /** Reason of an export that failed (LearningStudio: 500 INTERNAL_ERROR). */
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  /** Builds attempted before giving up when a concurrent delete keeps taking the blob. */
  static final int ATTEMPTS = 3;

  private final SnapshotLoader snapshots;
  private final List<PackageWriter> writers;
  private final ZipAssembler assembler;
  private final ExportVerifier verifier;
  private final ExportBuilds builds;
  private final BlobStore blobs;
  private final BlobReferences references;
  private final Clock clock;
  private final ExportSourceKeys sourceKeys;

  /**
   * @param writers the package writers, asked in order; the first that supports the course and
   *     format plans the package
   * @param blobs the store the assembler writes to, counting build references ({@link
   *     BuildAwareBlobStore})
   * @param references the other users of a blob, asked before a failed build's blob is deleted
   */
  public DefaultCourseExports(
      SnapshotLoader snapshots,
      List<PackageWriter> writers,
      ZipAssembler assembler,
      ExportVerifier verifier,
      ExportBuilds builds,
      BlobStore blobs,
      BlobReferences references,
      Clock clock) {
    this(snapshots, writers, assembler, verifier, builds, blobs, references, clock, null);
  }

  /**
   * As the other constructor, with the source keys that let an export of an unchanged course find
   * its stored build before it loads and plans the course; null plans every export.
   */
  public DefaultCourseExports(
      SnapshotLoader snapshots,
      List<PackageWriter> writers,
      ZipAssembler assembler,
      ExportVerifier verifier,
      ExportBuilds builds,
      BlobStore blobs,
      BlobReferences references,
      Clock clock,
      ExportSourceKeys sourceKeys) {
    this.sourceKeys = sourceKeys;
    this.snapshots = snapshots;
    this.writers = List.copyOf(writers);
    this.assembler = assembler;
    this.verifier = verifier;
    this.builds = builds;
    this.blobs = blobs;
    this.references = references;
    this.clock = clock;
  }

  @Override
  public ExportedPackage export(
      String tenantId, String courseId, ExportOptions options, IntConsumer progress) {
    Progress steps = new Progress(progress);
    steps.at(0);
    Optional<SnapshotLoader.Source> source =
        sourceKeys == null ? Optional.empty() : snapshots.source(tenantId, courseId, options);
    if (source.isPresent()) {
      Optional<ExportedPackage> warm = warm(tenantId, courseId, source.get());
      if (warm.isPresent()) {
        steps.at(100);
        return warm.get();
      }
    }
    CourseSnapshot course = snapshots.load(tenantId, courseId);
    PackageWriter writer = writerFor(course, options);
    ExportPlan plan = writer.plan(course, options);
    String key = plan.key();
    steps.at(10);
    if (source.isPresent() && plan.complete()) {
      // Recorded only when the course did not change while it was loaded: the key read again must
      // be the one read before, else the plan may belong to a newer source.
      Optional<SnapshotLoader.Source> after = snapshots.source(tenantId, courseId, options);
      if (after.isPresent() && after.get().key().equals(source.get().key())) {
        sourceKeys.record(tenantId, source.get().key(), courseId, key);
      }
    }
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Optional<ExportedPackage> cached = cached(course, plan, key);
      if (cached.isPresent()) {
        steps.at(100);
        return cached.get();
      }
      Build build = build(course, plan, key, steps);
      // A delete of another course with this build may have collected the blob between the write
      // and the record: look again, and build once more if it is gone.
      if (blobs.exists(build.blobId())) {
        steps.at(100);
        return exported(course, plan, build, false);
      }
      log.info(
          "Export zip {} of course '{}' was collected while it was recorded; building again",
          build.blobId(),
          courseId);
    }
    throw internal(
        "export of course '"
            + courseId
            + "' lost its zip to concurrent deletes "
            + ATTEMPTS
            + " times",
        null);
  }

  private PackageWriter writerFor(CourseSnapshot course, ExportOptions options) {
    return writers.stream()
        .filter(w -> w.supports(course, options.format()))
        .findFirst()
        .orElseThrow(
            () ->
                new ExportRefusedException(
                    "Course '"
                        + course.courseId()
                        + "' cannot be exported as "
                        + options.format().apiName()
                        + ": no writer makes that format from "
                        + (course.authored()
                            ? "an authored course"
                            : "an imported "
                                + (course.imported().description() == null
                                    ? "package"
                                    : course.imported().description().packageFormat()
                                        + " package"))));
  }

  /**
   * The stored build the source key led to, when its zip still exists: answered without loading or
   * planning the course. Any miss (no record, build or zip gone) leaves the export to plan.
   */
  private Optional<ExportedPackage> warm(
      String tenantId, String courseId, SnapshotLoader.Source source) {
    return sourceKeys
        .planKey(tenantId, source.key())
        .flatMap(key -> builds.find(tenantId, key))
        .filter(b -> blobs.exists(b.blobId()))
        .filter(b -> builds.attach(tenantId, b.key(), courseId))
        .map(
            b ->
                new ExportedPackage(
                    courseId,
                    source.title(),
                    b.format(),
                    b.fileName(),
                    b.blobId(),
                    b.sha256(),
                    b.size(),
                    b.key(),
                    true,
                    b.builtAt()));
  }

  /** The stored build with the plan's key, when its zip still exists; it now lists the course. */
  private Optional<ExportedPackage> cached(CourseSnapshot course, ExportPlan plan, String key) {
    return builds
        .find(course.tenantId(), key)
        .filter(b -> blobs.exists(b.blobId()))
        .filter(b -> builds.attach(course.tenantId(), key, course.courseId()))
        .map(b -> exported(course, plan, b, true));
  }

  private Build build(CourseSnapshot course, ExportPlan plan, String key, Progress steps) {
    StoredZip zip;
    try {
      zip = assembler.write(WriteProgress.watch(plan, steps, 10, 80));
    } catch (IOException | RuntimeException e) {
      if (e instanceof DomainException d && d.kind() != DomainException.Kind.INTERNAL) {
        throw d;
      }
      throw internal("writing the zip of course '" + course.courseId() + "' failed", e);
    }
    steps.at(80);
    List<String> problems;
    try {
      problems = verifier.problems(plan, zip);
    } catch (RuntimeException e) {
      problems = List.of("the check failed: " + e);
    }
    if (!problems.isEmpty()) {
      log.error(
          "Export of course '{}' (tenant {}) as {} by {} failed its checks; zip {} discarded:\n  {}",
          course.courseId(),
          course.tenantId(),
          plan.format().apiName(),
          plan.writer(),
          zip.blobId(),
          String.join("\n  ", problems));
      discard(zip.blobId());
      throw internal(null, null);
    }
    steps.at(95);
    Build kept =
        builds.record(
            new Build(
                course.tenantId(),
                key,
                zip.blobId(),
                zip.sha256(),
                zip.size(),
                plan.fileName(),
                plan.format(),
                // Millisecond precision, as the record stores it.
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                List.of(course.courseId())));
    if (!kept.blobId().equals(zip.blobId())) {
      // A concurrent build of the same plan was recorded first with other bytes (a writer that is
      // not deterministic): that one is served, this zip goes.
      log.warn(
          "Export of course '{}' by {} gave zip {} where an equal plan gave {}",
          course.courseId(),
          plan.writer(),
          zip.blobId(),
          kept.blobId());
      discard(zip.blobId());
    }
    return kept;
  }

  private void discard(String blobId) {
    try {
      blobs.deleteUnlessReferenced(blobId, () -> references.isReferenced(blobId));
    } catch (IOException | RuntimeException e) {
      log.warn("Could not delete the failed export zip {}", blobId, e);
    }
  }

  private static ExportedPackage exported(
      CourseSnapshot course, ExportPlan plan, Build build, boolean cached) {
    return new ExportedPackage(
        course.courseId(),
        course.title(),
        plan.format(),
        plan.fileName(),
        build.blobId(),
        build.sha256(),
        build.size(),
        build.key(),
        cached,
        build.builtAt());
  }

  /** The caller's error: nothing of the cause, which goes to the log. */
  private static DomainException internal(String logMessage, Throwable cause) {
    if (logMessage != null) {
      log.error("Course export failed: {}", logMessage, cause);
    }
    return new DomainException(
        DomainException.Kind.INTERNAL,
        INTERNAL_ERROR,
        "The export could not be completed. Please try again later.");
  }

  /** Tells the caller's progress consumer each value once, rising only, from any thread. */
  static final class Progress {
    private final IntConsumer consumer;
    private int last = -1;

    Progress(IntConsumer consumer) {
      this.consumer = consumer;
    }

    synchronized void at(int percent) {
      if (percent > last) {
        last = percent;
        consumer.accept(percent);
      }
    }
  }
}
