package org.courseport.server.grpc.lesson;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.courseport.api.v1.ImportLessonBundleMetadata;
import org.courseport.api.v1.ImportLessonBundleRequest;
import org.courseport.api.v1.ImportLessonBundleResponse;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.lessonimport.ImportedLesson;
import org.courseport.server.domain.lessonimport.LessonBundleImporter;
import org.courseport.server.grpc.ChunkStreamHandler;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.packaging.zip.ZipPackageArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one ImportLessonBundle stream: metadata first, then the zip's bytes straight into a
 * temporary file (never held in memory), then imports it and deletes the file.
 */
final class ImportLessonBundleHandler
    extends ChunkStreamHandler<ImportLessonBundleRequest, ImportLessonBundleResponse> {
  private static final Logger log = LoggerFactory.getLogger(ImportLessonBundleHandler.class);
  private final LessonBundleImporter importer;
  private final ZipLimits limits;
  private final long maxBytes;
  private final Path tmpDir;
  private final String tenantId;
  private ImportLessonBundleMetadata metadata;
  private Path file;
  private OutputStream out;
  private long size;

  ImportLessonBundleHandler(
      LessonBundleImporter importer,
      ZipLimits limits,
      long maxBytes,
      Path tmpDir,
      String tenantId,
      StreamObserver<ImportLessonBundleResponse> response) {
    super(response);
    this.importer = importer;
    this.limits = limits;
    this.maxBytes = maxBytes;
    this.tmpDir = tmpDir;
    this.tenantId = tenantId;
  }

  @Override
  protected void start(ImportLessonBundleRequest first) throws IOException {
    if (!first.hasMetadata()) {
      throw DomainException.invalid(
          "UPLOAD_INVALID", "The first message of a lesson bundle import must carry metadata.");
    }
    metadata = first.getMetadata();
    Files.createDirectories(tmpDir);
    file = Files.createTempFile(tmpDir, "lesson-bundle-", ".zip");
    out = Files.newOutputStream(file);
  }

  @Override
  protected ByteString chunkOf(ImportLessonBundleRequest message) {
    return message.hasChunk() ? message.getChunk() : null;
  }

  @Override
  protected void other(ImportLessonBundleRequest message) {
    throw DomainException.invalid(
        "UPLOAD_INVALID", "Only the first message of a lesson bundle import may carry metadata.");
  }

  @Override
  protected void writeChunk(byte[] bytes, int off, int len) {
    size += len;
    if (size > maxBytes) {
      throw new DomainException(
          DomainException.Kind.RESOURCE_EXHAUSTED,
          "BUNDLE_TOO_LARGE",
          "The lesson bundle exceeds the upload size limit of " + maxBytes + " bytes.",
          Map.of("limitBytes", Long.toString(maxBytes)));
    }
    try {
      out.write(bytes, off, len);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected ImportLessonBundleResponse finish() throws IOException {
    out.close();
    if (size == 0) {
      throw DomainException.invalid("BUNDLE_EMPTY", "The lesson bundle is empty: send the zip.");
    }
    ImportedLesson imported;
    try (ZipPackageArchive zip = ZipPackageArchive.open(file, limits)) {
      imported =
          importer.importBundle(
              tenantId,
              new ZipBundleArchive(zip),
              new LessonBundleImporter.Options(
                  metadata.getTitle(), metadata.getSlug(), metadata.getPublish()));
    }
    ImportLessonBundleResponse.Builder b =
        ImportLessonBundleResponse.newBuilder()
            .setLesson(LessonProtoMapper.toProto(imported.lesson(), true))
            .putAllMediaIds(imported.mediaIds())
            .putAllWidgetIds(imported.widgetIds())
            .addAllWarnings(imported.warnings());
    if (imported.version() != null) {
      b.setVersion(LessonProtoMapper.toProto(imported.version(), true));
    }
    return b.build();
  }

  @Override
  protected void release() {
    try {
      if (out != null) {
        out.close();
      }
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // Best effort: the file is in the data directory's tmp folder, never read again.
      log.warn("Could not delete the received lesson bundle {}: {}", file, e.toString());
    }
  }
}
