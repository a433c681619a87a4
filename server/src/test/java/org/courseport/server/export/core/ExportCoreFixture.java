package org.courseport.server.export.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.courseport.server.domain.authoring.AuthoredCourseRecords.Authored;
import org.courseport.server.domain.authoring.AuthoredModule;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.catalog.CourseCatalog;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.course.VersionReservation;
import org.courseport.server.domain.lessonexport.ExportSources.PublishedLesson;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.CourseMetadata;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.domain.packaging.ValidationReport;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.PackageWriter;
import org.courseport.server.packaging.ManifestInspector;
import org.courseport.server.packaging.StoredPackageInspector;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.storage.blob.FileSystemBlobStore;
import org.courseport.server.storage.mongo.EmbeddedTestMongo;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.storage.mongo.authoring.MongoAuthoredCourseRecords;
import org.courseport.server.storage.mongo.export.MongoExportBuilds;
import org.courseport.server.storage.mongo.export.MongoExportSourceKeys;

/**
 * The export core wired as in Services, on the embedded MongoDB (H2 backend) and a file-system blob
 * store: the real snapshot loader, verifier (the import's StoredPackageInspector), build records,
 * build-aware blob store and course catalog with the build cleanup; test writer and assembler.
 */
final class ExportCoreFixture implements AutoCloseable {
  static final Instant NOW = Instant.parse("2026-04-28T17:15:42.123Z");
  private static final AtomicInteger IDS = new AtomicInteger();

  final EmbeddedTestMongo mongo;
  final MongoStore store;
  final Path dir;
  final MongoExportBuilds builds;
  final BlobStore blobs;
  final TestSources sources = new TestSources();
  final Scorm12TestWriter writer = new Scorm12TestWriter();
  final TestZipAssembler assembler;
  final PackageVerifier verifier;
  final MongoAuthoredCourseRecords authored;
  final SnapshotLoader snapshots;
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  DefaultCourseExports exports;
  final CourseCatalog catalog;
  final MongoExportSourceKeys sourceKeys;
  final BlobReferences others;

  ExportCoreFixture() throws IOException {
    mongo = EmbeddedTestMongo.start();
    store = new MongoStore(mongo.connectionString());
    dir = Files.createTempDirectory("courseport-export-core");
    builds = new MongoExportBuilds(store.database());
    blobs = new BuildAwareBlobStore(new FileSystemBlobStore(dir), builds);
    assembler = new TestZipAssembler(blobs);
    verifier =
        new PackageVerifier(
            blobs,
            new StoredPackageInspector(ZipLimits.defaults(), new ManifestInspector()),
            ZipLimits.defaults());
    authored = new MongoAuthoredCourseRecords(store.database());
    others =
        blobId ->
            store.versions().isBlobReferenced(blobId) || store.jobs().isBlobReferenced(blobId);
    sourceKeys = new MongoExportSourceKeys(store.database(), clock);
    snapshots = new SnapshotLoader(store.courses(), store.versions(), authored, sources);
    exports = exportsReferencing(others);
    catalog =
        new CourseCatalog(
            store.courses(),
            store.versions(),
            store.jobs(),
            blobs,
            List.of(new ExportBuildCleanup(builds, blobs, others, sourceKeys)),
            clock);
  }

  /** The exports, with {@code others} as the blobs' users besides the builds. */
  DefaultCourseExports exportsReferencing(BlobReferences others) {
    return new DefaultCourseExports(
        snapshots,
        List.<PackageWriter>of(writer),
        assembler,
        verifier,
        builds,
        blobs,
        others,
        clock);
  }

  /** The exports with the source-key cache, as Services wires them. */
  DefaultCourseExports exportsWithSourceKeys(BlobReferences others) {
    return new DefaultCourseExports(
        snapshots,
        List.<PackageWriter>of(writer),
        assembler,
        verifier,
        builds,
        blobs,
        others,
        clock,
        sourceKeys);
  }

  List<Document> sourceDocuments() {
    return store
        .database()
        .getCollection(MongoExportSourceKeys.COLLECTION)
        .find()
        .into(new ArrayList<>());
  }

  CourseSnapshot snapshot(String tenant, String courseId) {
    return snapshots.load(tenant, courseId);
  }

  /** Creates an authored course as CourseAuthoring writes it: version 0, no package, modules. */
  String authoredCourse(String tenant, String title, PublishedLesson... lessons) {
    String courseId = "cou_test" + IDS.incrementAndGet();
    String jobId = "job-" + courseId;
    VersionReservation r = store.courses().reserveVersion(tenant, courseId, jobId, NOW);
    List<AuthoredModule.Lesson> refs = new ArrayList<>();
    for (PublishedLesson l : lessons) {
      refs.add(new AuthoredModule.Lesson(l.lessonId(), l.versionId(), l.title(), 1));
    }
    Activity root = new Activity(courseId, "", ActivityType.AGGREGATION, "", title, "", List.of());
    store
        .versions()
        .record(
            new CourseVersion(
                tenant,
                courseId,
                r.version(),
                title,
                null,
                0,
                "",
                new PackageDescription(
                    LearningStandard.UNKNOWN,
                    "authored",
                    title,
                    "",
                    "",
                    lessons.length,
                    0,
                    root,
                    CourseMetadata.empty(),
                    List.of("en-US"),
                    ""),
                new ValidationReport("authored", LearningStandard.UNKNOWN, List.of(), List.of()),
                NOW,
                NOW),
            jobId);
    authored.markAuthored(
        tenant,
        courseId,
        new Authored(
            jobId, "A headline", "onepage", "en-US", NOW, List.of(new AuthoredModule("M1", refs))));
    store.courses().commitVersion(tenant, courseId, r, title, true, NOW);
    store.courses().importEnded(tenant, courseId, jobId);
    return courseId;
  }

  long buildCount() {
    return store.database().getCollection(MongoExportBuilds.COLLECTION).countDocuments();
  }

  List<Document> buildDocuments() {
    return store
        .database()
        .getCollection(MongoExportBuilds.COLLECTION)
        .find()
        .into(new ArrayList<>());
  }

  @Override
  public void close() throws Exception {
    store.close();
    mongo.close();
    EmbeddedTestMongo.deleteRecursively(dir);
  }
}
