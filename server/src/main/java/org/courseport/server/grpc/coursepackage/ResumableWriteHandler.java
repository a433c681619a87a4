package org.courseport.server.grpc.coursepackage;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import org.courseport.api.v1.ResumableWriteStart;
import org.courseport.api.v1.WriteResumableUploadRequest;
import org.courseport.api.v1.WriteResumableUploadResponse;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.coursepackage.ResumableUploads;
import org.courseport.server.grpc.ChunkStreamHandler;

/**
 * Receives one WriteResumableUpload stream: the start (upload and offset), then bytes appended to
 * the upload, then, when the upload was opened without its SHA-256, a finish that declares it; the
 * upload is finished as soon as its last byte arrives (opened with the SHA-256) or on that finish.
 * However the stream ends, the bytes received are forced to disk and recorded, so that the next
 * stream continues after them.
 */
final class ResumableWriteHandler
    extends ChunkStreamHandler<WriteResumableUploadRequest, WriteResumableUploadResponse> {
  private final ResumableUploads uploads;
  private final String tenantId;
  private ResumableUploads.Writer writer;
  private String sha256 = "";
  private long received;

  ResumableWriteHandler(
      ResumableUploads uploads,
      String tenantId,
      StreamObserver<WriteResumableUploadResponse> response) {
    super(response);
    this.uploads = uploads;
    this.tenantId = tenantId;
  }

  @Override
  protected void start(WriteResumableUploadRequest first) {
    if (!first.hasStart()) {
      throw DomainException.invalid(
          "UPLOAD_INVALID",
          "The first message of WriteResumableUpload must carry start (upload_id and offset)");
    }
    ResumableWriteStart start = first.getStart();
    writer = uploads.begin(tenantId, start.getUploadId(), start.getOffset());
    finishAtEnd();
  }

  @Override
  protected ByteString chunkOf(WriteResumableUploadRequest message) {
    return message.hasChunk() ? message.getChunk() : null;
  }

  @Override
  protected void other(WriteResumableUploadRequest message) {
    if (!message.hasFinish()) {
      throw DomainException.invalid(
          "UPLOAD_INVALID",
          message.hasStart()
              ? "Only the first message of WriteResumableUpload carries start"
              : "A message of WriteResumableUpload carries neither chunk nor finish");
    }
    String declared = message.getFinish().getSha256();
    if (!writer.finished()) {
      sha256 = writer.finish(declared);
    } else if (!sha256.equalsIgnoreCase(declared)) {
      throw new DomainException(
          DomainException.Kind.INVALID_ARGUMENT,
          "SHA256_MISMATCH",
          "The finish of upload '"
              + writer.uploadId()
              + "' declares SHA-256 "
              + declared
              + " but its bytes, stored, have "
              + sha256
              + ".",
          Map.of("sha256", sha256, "expected_sha256", declared));
    }
  }

  @Override
  protected void writeChunk(byte[] bytes, int off, int len) {
    writer.write(bytes, off, len);
    received += len;
    finishAtEnd();
  }

  private void finishAtEnd() {
    if (writer.atEnd() && !writer.finished() && writer.digestDeclared()) {
      sha256 = writer.finish();
    }
  }

  @Override
  protected WriteResumableUploadResponse finish() {
    if (writer == null) {
      throw DomainException.invalid(
          "UPLOAD_INVALID", "The stream carried no start message (upload_id and offset)");
    }
    if (!writer.finished()) {
      writer.checkpoint();
    }
    return WriteResumableUploadResponse.newBuilder()
        .setUploadId(writer.uploadId())
        .setCommittedBytes(writer.finished() ? writer.slot().declaredSize() : writer.committed())
        .setFileSize(writer.slot().declaredSize())
        .setComplete(writer.finished())
        .setStoragePath(writer.slot().storagePath())
        .setSha256(sha256)
        .setReceivedBytes(received)
        .build();
  }

  @Override
  protected void release() {
    if (writer != null) {
      writer.close();
    }
  }
}
