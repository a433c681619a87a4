package org.courseport.server.grpc;

import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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

  /**
   * Where chunks go: {@code ByteString.writeTo} hands it the chunk's own array, which saves the copy
   * {@code toByteArray()} made of every chunk. The blob writer copies or writes what it is given
   * before returning and keeps no reference to it.
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
    try {
      if (upload == null) {
        upload = imports.beginUpload(tenantId, request(message));
      } else if (message.hasChunk()) {
        writeChunk(message);
      } else {
        throw DomainException.invalid(
            "UPLOAD_INVALID", "Only the first message of an upload may carry metadata");
      }
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void writeChunk(CreateUploadAndImportCourseJobRequest message) {
    try {
      message.getChunk().writeTo(chunks);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
        m.getUploadedContentType(), m.getPostbackUrl(), m.hasSize() ? m.getSize() : -1);
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
