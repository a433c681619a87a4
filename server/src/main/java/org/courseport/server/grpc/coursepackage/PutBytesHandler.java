package org.courseport.server.grpc.coursepackage;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import org.courseport.api.v1.PutUploadBytesRequest;
import org.courseport.api.v1.PutUploadBytesResponse;
import org.courseport.api.v1.UploadTicket;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.coursepackage.MultipartUploads;
import org.courseport.server.domain.coursepackage.PresignedUploads;
import org.courseport.server.domain.coursepackage.UploadSlot;
import org.courseport.server.grpc.ChunkStreamHandler;

/**
 * Receives one presigned PUT: the ticket first, then the bytes into the blob store; or, for a
 * ticket naming a part of a multipart upload, into that part's file.
 */
final class PutBytesHandler
    extends ChunkStreamHandler<PutUploadBytesRequest, PutUploadBytesResponse> {
  private final PresignedUploads uploads;
  private final MultipartUploads multipart;
  private PresignedUploads.Receiving receiving;
  private MultipartUploads.PartReceiving part;

  PutBytesHandler(
      PresignedUploads uploads,
      MultipartUploads multipart,
      StreamObserver<PutUploadBytesResponse> response) {
    super(response);
    this.uploads = uploads;
    this.multipart = multipart;
  }

  @Override
  protected void start(PutUploadBytesRequest first) {
    if (!first.hasTicket()) {
      throw DomainException.invalid(
          "UPLOAD_INVALID", "The first message of a PUT must carry the ticket");
    }
    UploadTicket t = first.getTicket();
    if (t.getPartNumber() > 0) {
      part =
          multipart.receive(
              t.getUploadId(),
              t.getPartNumber(),
              t.getTenantId(),
              t.getExpires(),
              t.getKeyId(),
              t.getSignature());
    } else {
      receiving = uploads.receive(ticket(t));
    }
  }

  @Override
  protected ByteString chunkOf(PutUploadBytesRequest message) {
    return message.hasChunk() ? message.getChunk() : null;
  }

  @Override
  protected void other(PutUploadBytesRequest message) {
    throw DomainException.invalid("UPLOAD_INVALID", "Only the first message is a ticket");
  }

  @Override
  protected void writeChunk(byte[] bytes, int off, int len) {
    if (part != null) {
      part.write(bytes, off, len);
    } else {
      receiving.write(bytes, off, len);
    }
  }

  private static PresignedUploads.Ticket ticket(UploadTicket t) {
    return new PresignedUploads.Ticket(
        t.getUploadId(),
        t.getTenantId(),
        t.getExpires(),
        t.getSize(),
        t.getKeyId(),
        t.getSignature(),
        t.getContentType());
  }

  @Override
  protected PutUploadBytesResponse finish() {
    if (part != null) {
      String etag = part.finish();
      return PutUploadBytesResponse.newBuilder()
          .setUploadId(part.uploadId())
          .setPartNumber(part.partNumber())
          .setSize(part.size())
          .setEtag('"' + etag + '"')
          .build();
    }
    if (receiving == null) {
      throw DomainException.invalid("UPLOAD_INVALID", "The PUT carried no ticket");
    }
    UploadSlot slot = receiving.finish();
    return PutUploadBytesResponse.newBuilder()
        .setUploadId(slot.uploadId())
        .setStoragePath(slot.storagePath())
        .setSize(slot.declaredSize())
        .build();
  }

  @Override
  protected void release() {
    if (part != null) {
      part.close();
      part = null;
    }
    if (receiving != null) {
      receiving.close();
      receiving = null;
    }
  }
}
