package org.courseport.server.courseexport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.course.CourseRepository;
import org.courseport.server.export.CourseExports;
import org.courseport.server.export.ExportOptions;

/**
 * A small {@link CourseExports} of the tests (the real one belongs to the export core): writes a
 * real tiny zip naming the course and format into the blob store. {@link #failNext} makes the next
 * export fail with an internal error whose message must not reach the client.
 */
final class ZipCourseExports implements CourseExports {
  static final String SECRET_DETAIL = "mongodb://internal-host:27017 secret-detail";

  private final BlobStore blobs;
  private final CourseRepository courses;
  final List<ExportOptions> calls = new CopyOnWriteArrayList<>();
  volatile boolean failNext;

  ZipCourseExports(BlobStore blobs, CourseRepository courses) {
    this.blobs = blobs;
    this.courses = courses;
  }

  @Override
  public ExportedPackage export(
      String tenantId, String courseId, ExportOptions options, IntConsumer progress) {
    calls.add(options);
    if (failNext) {
      failNext = false;
      throw new IllegalStateException(SECRET_DETAIL);
    }
    String title =
        courses
            .find(tenantId, courseId)
            .orElseThrow(() -> DomainException.notFound("NOT_FOUND", "no course " + courseId))
            .title();
    try (BlobStore.BlobWriter writer = blobs.newWriter()) {
      try (ZipOutputStream zip = new ZipOutputStream(new NonClosing(writer.stream()))) {
        ZipEntry e = new ZipEntry("imsmanifest.xml");
        e.setTime(0);
        zip.putNextEntry(e);
        zip.write(
            ("<manifest identifier=\""
                    + courseId
                    + "\" format=\""
                    + options.format().apiName()
                    + "\"/>")
                .getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      long size = writer.size();
      String blobId = writer.commit(id -> {});
      progress.accept(100);
      return new ExportedPackage(
          courseId,
          title,
          options.format(),
          courseId + "-" + options.format().apiName() + ".zip",
          blobId,
          blobId,
          size,
          "plan-" + blobId,
          false,
          Instant.EPOCH);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Keeps the blob writer's stream open when the zip stream closes. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(java.io.OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
