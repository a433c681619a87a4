package org.courseport.server.grpc.course;

import io.grpc.stub.StreamObserver;
import java.io.OutputStream;
import org.courseport.api.v1.CreateUploadAndImportCourseJobRequest;
import org.courseport.api.v1.StringResult;
import org.courseport.api.v1.UploadMetadata;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.job.ImportService;
import org.courseport.server.domain.job.MediaMetadata;
import org.courseport.server.domain.job.UploadRequest;
import org.courseport.server.grpc.Calls;

/**
 * Receives one upload stream: metadata first, then bytes straight into the blob store, then
 * optionally one last metadata message for the same course whose {@code content_metadata} completes
 * the first (the official Java client sends the {@code contentMetadata} form field after the file).
 */
final class UploadHandler implements StreamObserver<CreateUploadAndImportCourseJobRequest> {
  private final ImportService imports;
  private final String tenantId;
  private final StreamObserver<StringResult> response;
  private ImportService.Upload upload;
  private String courseId;
  private boolean trailingSeen;
  private MediaMetadata trailingMedia;
  private boolean failed;

  /**
   * Where chunks go: {@code ByteString.writeTo} hands it the chunk's own array, which saves the
   * copy {@code toByteArray()} made of every chunk. The blob writer copies or writes what it is
   * given before returning and keeps no reference to it.
   */
  private final OutputStream chunks =
      new OutputStream() {
        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          upload.write(b, off, len);
        }
      };

  UploadHandler(ImportService imports, String tenantId, StreamObserver<StringResult> response) {
    this.imports = imports;
    this.tenantId = tenantId;
    this.response = response;
  }

  @Override
  public void onNext(CreateUploadAndImportCourseJobRequest message) {
    if (failed) {
      return;
    }
    Calls.streaming(
        response,
        this::fail,
        () -> {
          if (upload == null) {
            UploadRequest request = request(message);
            upload = imports.beginUpload(tenantId, request);
            courseId = request.courseId();
          } else if (message.hasChunk() && !trailingSeen) {
            message.getChunk().writeTo(chunks);
          } else if (message.hasMetadata() && !trailingSeen) {
            trailingSeen = true;
            trailingMedia = trailing(message.getMetadata());
          } else {
            throw DomainException.invalid(
                "UPLOAD_INVALID",
                "Only the first message and one last"
                    + " message after the bytes may carry metadata");
          }
        });
  }

  private static UploadRequest request(CreateUploadAndImportCourseJobRequest first) {
    if (!first.hasMetadata()) {
      throw DomainException.invalid(
          "UPLOAD_INVALID", "The first message of an upload must carry metadata");
    }
    UploadMetadata m = first.getMetadata();
    return new UploadRequest(
        m.getCourseId(),
        m.getMayCreateNewVersion(),
        m.getFileName(),
        m.getUploadedContentType(),
        m.getPostbackUrl(),
        m.hasSize() ? m.getSize() : -1,
        m.hasContentMetadata() ? ImportProtoMapper.media(m.getContentMetadata()) : null);
  }

  /** The media metadata of a last metadata message, which must name the same course. */
  private MediaMetadata trailing(UploadMetadata m) {
    if (!m.getCourseId().equals(courseId)) {
      throw DomainException.invalid(
          "UPLOAD_INVALID", "The last metadata message must name the same course as the first");
    }
    return m.hasContentMetadata() ? ImportProtoMapper.media(m.getContentMetadata()) : null;
  }

  @Override
  public void onError(Throwable t) {
    close();
  }

  @Override
  public void onCompleted() {
    if (failed) {
      return;
    }
    Calls.streaming(
        response,
        this::fail,
        () -> {
          try {
            if (upload == null) {
              throw DomainException.invalid("UPLOAD_INVALID", "The upload carried no metadata");
            }
            String jobId = upload.finish(trailingMedia);
            response.onNext(StringResult.newBuilder().setResult(jobId).build());
            response.onCompleted();
          } finally {
            close();
          }
        });
  }

  /** Before the call ends with the mapped error: ignore further messages, release the upload. */
  private void fail() {
    failed = true;
    close();
  }

  private void close() {
    if (upload != null) {
      upload.close();
    }
  }
}
