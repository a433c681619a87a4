package org.courseport.server.grpc.course;

import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.courseport.api.v1.FileChunk;
import org.courseport.api.v1.FileInfo;
import org.courseport.api.v1.FileList;
import org.courseport.api.v1.FileListItem;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.grpc.ByteWindow;
import org.courseport.server.grpc.FileStreamer;
import org.courseport.server.packaging.MediaPackages;
import org.courseport.server.packaging.PackageFiles;

/**
 * The package-file RPCs: file list, one file, the whole package. Files are read straight out of the
 * stored zip; a media-file course is its one file.
 */
final class FileRpcs {
  private final BlobStore blobs;
  private final PackageFiles files;

  FileRpcs(BlobStore blobs, PackageFiles files) {
    this.blobs = blobs;
    this.files = files;
  }

  FileList list(CourseVersion v) {
    requirePackage(v);
    FileList.Builder b = FileList.newBuilder();
    if (isMedia(v)) {
      return b.addFiles(
              FileListItem.newBuilder()
                  .setPath(v.description().launchUrl())
                  .setSize(v.packageSize())
                  .setModified(CourseProtoMapper.timestamp(v.created())))
          .build();
    }
    try {
      for (var e : files.list(blobs.openChannel(v.blobId()))) {
        FileListItem.Builder item = FileListItem.newBuilder().setPath(e.path()).setSize(e.size());
        if (e.modifiedMillis() >= 0) {
          item.setModified(CourseProtoMapper.timestamp(Instant.ofEpochMilli(e.modifiedMillis())));
        }
        b.addFiles(item);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.build();
  }

  void asset(
      CourseVersion v, String relativePath, ByteWindow window, StreamObserver<FileChunk> response)
      throws IOException {
    requirePackage(v);
    if (isMedia(v)) {
      String name = v.description().launchUrl();
      if (!name.equals(relativePath)) {
        throw DomainException.notFound(
            "FILE_NOT_FOUND", "The package has no file '" + relativePath + "'");
      }
      whole(v, window, response);
      return;
    }
    PackageFiles.OpenedFile file = files.open(blobs.openChannel(v.blobId()), relativePath);
    String path = file.entry().path();
    FileInfo info =
        FileInfo.newBuilder()
            .setFileName(path.substring(path.lastIndexOf('/') + 1))
            .setContentType(file.contentType())
            .setSize(file.entry().size())
            .setEtag(v.blobId())
            .build();
    FileStreamer.start(response, info, file.stream(), window);
  }

  /**
   * The stored package (for a media course: the media file itself). Its entity tag is the blob id:
   * a stored version's bytes never change, so for one URL equal ids mean equal bytes.
   */
  void whole(CourseVersion v, ByteWindow window, StreamObserver<FileChunk> response)
      throws IOException {
    requirePackage(v);
    boolean media = isMedia(v);
    String name = media ? v.description().launchUrl() : zipName(v);
    String type = media ? PackageFiles.contentType(name) : "application/zip";
    FileInfo info =
        FileInfo.newBuilder()
            .setFileName(name)
            .setContentType(type)
            .setSize(blobs.size(v.blobId()))
            .setEtag(v.blobId())
            .build();
    FileStreamer.start(response, info, blobs.open(v.blobId()), window);
  }

  /**
   * A course authored from lessons has no package (version 0 holds its module structure) until the
   * SCORM export builds one: FAILED_PRECONDITION COURSE_HAS_NO_PACKAGE (HTTP 400/409).
   */
  private static void requirePackage(CourseVersion v) {
    if (v.blobId() == null) {
      throw new DomainException(
          DomainException.Kind.FAILED_PRECONDITION,
          "COURSE_HAS_NO_PACKAGE",
          "Course '"
              + v.courseId()
              + "' was authored from lessons and has no package to download yet");
    }
  }

  private static boolean isMedia(CourseVersion v) {
    return MediaPackages.FORMAT.equals(v.description().packageFormat());
  }

  static String zipName(CourseVersion v) {
    String safe = v.courseId().replaceAll("[^A-Za-z0-9._-]", "_");
    return safe + "-v" + v.version() + ".zip";
  }
}
