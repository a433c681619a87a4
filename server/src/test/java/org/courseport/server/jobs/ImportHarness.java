package org.courseport.server.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.bson.Document;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.job.ImportJob;
import org.courseport.server.domain.job.ImportService;
import org.courseport.server.domain.job.UploadRequest;
import org.courseport.server.domain.packaging.PackageInspector;
import org.courseport.server.packaging.ManifestInspector;
import org.courseport.server.packaging.StoredPackageInspector;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.courseport.server.storage.mongo.EmbeddedMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.testing.TestFiles;

/**
 * The import machinery wired as in production (embedded MongoDB, file blob store, real package
 * inspection), with a settable clock and checkpoint hooks, and workers the test starts itself.
 */
final class ImportHarness implements AutoCloseable {
  static final String TENANT = "t1";

  final Path dataDir;
  final EmbeddedMongo mongo;
  final MongoStore store;
  final FileSystemBlobStore fileBlobs;
  final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T10:00:00Z"));
  final Hooks hooks = new Hooks();
  final CourseCatalog catalog;
  final ImportService imports;
  final PackageInspector inspector;
  private final List<ImportWorker> workers = new CopyOnWriteArrayList<>();

  /** The blob store the domain uses; tests may wrap {@link #fileBlobs}. */
  private final BlobStore blobs;

  ImportHarness() throws IOException {
    this(null);
  }

  /** A harness whose domain uses {@code wrap.apply(fileBlobs)} as its blob store. */
  ImportHarness(java.util.function.UnaryOperator<BlobStore> wrap) throws IOException {
    dataDir = Files.createTempDirectory("courseport-import-harness");
    mongo = EmbeddedMongo.start(dataDir);
    store = new MongoStore(mongo.connectionString());
    fileBlobs = new FileSystemBlobStore(dataDir);
    blobs = wrap == null ? fileBlobs : wrap.apply(fileBlobs);
    inspector = new StoredPackageInspector(ZipLimits.defaults(), new ManifestInspector());
    catalog =
        new CourseCatalog(store.courses(), store.versions(), store.jobs(), blobs, List.of(), clock);
    imports =
        new ImportService(
            store.courses(),
            store.jobs(),
            blobs,
            clock,
            1L << 30,
            () -> workers.forEach(ImportWorker::wake));
  }

  /** Starts a worker (its own worker id) with {@code threads} threads; no lease heartbeat. */
  ImportWorker startWorker(int threads, Duration budget) {
    ImportRunner runner =
        new ImportRunner(
            store.courses(),
            store.versions(),
            store.jobs(),
            blobs,
            inspector,
            url -> {
              throw new IOException("no fetches here");
            },
            clock,
            hooks);
    ImportWorker worker = new ImportWorker(store.jobs(), runner, List.of(), clock, budget);
    workers.add(worker);
    worker.startThreads(threads, false);
    return worker;
  }

  /** Uploads a package; returns the job id. */
  String upload(String courseId, boolean mayCreateNewVersion, byte[] zip) {
    return upload(courseId, mayCreateNewVersion, zip, "package.zip");
  }

  /** Uploads a package under a file name (hooks can recognise the job by it). */
  String upload(String courseId, boolean mayCreateNewVersion, byte[] zip, String fileName) {
    try (ImportService.Upload upload =
        imports.beginUpload(
            TENANT,
            new UploadRequest(
                courseId,
                mayCreateNewVersion,
                fileName,
                "application/zip",
                "",
                zip.length,
                null))) {
      upload.write(zip, 0, zip.length);
      return upload.finish();
    }
  }

  ImportJob job(String jobId) {
    return store.jobs().find(TENANT, jobId).orElseThrow();
  }

  /** Waits (bounded, generously) until the job has ended; returns it. */
  ImportJob awaitEnd(String jobId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      ImportJob job = job(jobId);
      if (job.status() != ImportJob.Status.RUNNING) {
        return job;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("job " + jobId + " did not end within 3 minutes");
  }

  /** The blob files in the store. */
  Set<String> blobFiles() throws IOException {
    try (Stream<Path> files = Files.walk(fileBlobs.root())) {
      Set<String> ids = new TreeSet<>();
      files
          .filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(fileBlobs.root().resolve("tmp")))
          .forEach(p -> ids.add(p.getFileName().toString()));
      return ids;
    }
  }

  /** Raw documents of a collection. */
  List<Document> documents(String collection) {
    return store.database().getCollection(collection).find().into(new ArrayList<>());
  }

  @Override
  public void close() throws IOException {
    workers.forEach(ImportWorker::close);
    store.close();
    mongo.close();
    TestFiles.deleteTree(dataDir);
  }

  /** A clock the test moves. */
  static final class SettableClock extends Clock {
    private final AtomicReference<Instant> now;

    SettableClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /** Checkpoint hooks the test sets; records every checkpoint reached. */
  static final class Hooks implements ImportCheckpoints {
    volatile ImportCheckpoints delegate = NONE;
    final List<String> reached = new CopyOnWriteArrayList<>();

    @Override
    public void reached(Point point, ImportJob job) throws InterruptedException {
      reached.add(point + " " + job.jobId() + " attempt " + job.attempts());
      delegate.reached(point, job);
    }
  }
}
