package org.courseport.server.grpc;

import io.grpc.stub.StreamObserver;
import org.courseport.api.v1.CreateUploadAndImportCourseJobRequest;
import org.courseport.api.v1.StringResult;
import org.courseport.api.v1.UploadMetadata;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.job.ImportService;
import org.courseport.server.domain.job.UploadRequest;

/** Receives one upload stream: metadata first, then bytes straight into the blob store. */
final class UploadHandler implements StreamObserver<CreateUploadAndImportCourseJobRequest> {
  private final ImportService imports;
  private final String tenantId;
  private final StreamObserver<StringResult> response;
  private ImportService.Upload upload;
  private boolean failed;

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
    try {
      if (upload == null) {
        upload = imports.beginUpload(tenantId, request(message));
      } else if (message.hasChunk()) {
        byte[] bytes = message.getChunk().toByteArray();
        upload.write(bytes, 0, bytes.length);
      } else {
        trailing(message.getMetadata());
      }
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  /**
   * A metadata message after the bytes repeats the first one with {@code content_metadata} set
   * (REST forms carry {@code contentMetadata} after the file part).
   */
  private void trailing(UploadMetadata m) {
    if (!m.getCourseId().equals(upload.request().courseId())) {
      throw DomainException.invalid(
          "UPLOAD_INVALID", "A later metadata message must name the same courseId");
    }
    if (m.hasContentMetadata()) {
      upload.setMedia(ImportProtoMapper.media(m.getContentMetadata()));
    }
  }

  private static UploadRequest request(CreateUploadAndImportCourseJobRequest first) {
    if (!first.hasMetadata()) {
      throw DomainException.invalid(
          "UPLOAD_INVALID", "The first message of an upload must carry metadata");
    }
    UploadMetadata m = first.getMetadata();
    return new UploadRequest(
        m.getCourseId(), m.getMayCreateNewVersion(), m.getFileName(),
        m.getUploadedContentType(), m.getPostbackUrl(), m.hasSize() ? m.getSize() : -1,
        m.hasContentMetadata() ? ImportProtoMapper.media(m.getContentMetadata()) : null);
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
    try {
      if (upload == null) {
        throw DomainException.invalid("UPLOAD_INVALID", "The upload carried no metadata");
      }
      String jobId = upload.finish();
      response.onNext(StringResult.newBuilder().setResult(jobId).build());
      response.onCompleted();
    } catch (RuntimeException e) {
      fail(e);
    } finally {
      close();
    }
  }

  private void fail(RuntimeException e) {
    failed = true;
    close();
    response.onError(GrpcErrorMapper.toStatusException(e));
  }

  private void close() {
    if (upload != null) {
      upload.close();
    }
  }
}
