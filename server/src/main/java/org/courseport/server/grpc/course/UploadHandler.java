package org.courseport.server.grpc.course;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import org.courseport.api.v1.CreateUploadAndImportCourseJobRequest;
import org.courseport.api.v1.StringResult;
import org.courseport.api.v1.UploadMetadata;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.job.ImportService;
import org.courseport.server.domain.job.MediaMetadata;
import org.courseport.server.domain.job.UploadRequest;
import org.courseport.server.grpc.ChunkStreamHandler;

/**
 * Receives one upload stream: metadata first, then bytes straight into the blob store, then
 * optionally one last metadata message for the same course whose {@code content_metadata} completes
 * the first (the official Java client sends the {@code contentMetadata} form field after the file).
 * The blob writer copies or writes each chunk before returning and keeps no reference to it.
 */
final class UploadHandler
    extends ChunkStreamHandler<CreateUploadAndImportCourseJobRequest, StringResult> {
  private final ImportService imports;
  private final String tenantId;
  private ImportService.Upload upload;
  private String courseId;
  private boolean trailingSeen;
  private MediaMetadata trailingMedia;

  UploadHandler(ImportService imports, String tenantId, StreamObserver<StringResult> response) {
    super(response);
    this.imports = imports;
    this.tenantId = tenantId;
  }

  @Override
  protected void start(CreateUploadAndImportCourseJobRequest first) {
    UploadRequest request = request(first);
    upload = imports.beginUpload(tenantId, request);
    courseId = request.courseId();
  }

  /** Bytes, until the last metadata message came. */
  @Override
  protected ByteString chunkOf(CreateUploadAndImportCourseJobRequest message) {
    return message.hasChunk() && !trailingSeen ? message.getChunk() : null;
  }

  @Override
  protected void other(CreateUploadAndImportCourseJobRequest message) {
    if (!message.hasMetadata() || trailingSeen) {
      throw DomainException.invalid(
          "UPLOAD_INVALID",
          "Only the first message and one last message after the bytes may carry metadata");
    }
    trailingSeen = true;
    trailingMedia = trailing(message.getMetadata());
  }

  @Override
  protected void writeChunk(byte[] bytes, int off, int len) {
    upload.write(bytes, off, len);
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
  protected StringResult finish() {
    if (upload == null) {
      throw DomainException.invalid("UPLOAD_INVALID", "The upload carried no metadata");
    }
    String jobId = upload.finish(trailingMedia);
    return StringResult.newBuilder().setResult(jobId).build();
  }

  @Override
  protected void release() {
    if (upload != null) {
      upload.close();
    }
  }
}
