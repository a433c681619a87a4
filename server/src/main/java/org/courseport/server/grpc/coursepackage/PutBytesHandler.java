package org.courseport.server.grpc.coursepackage;

import io.grpc.stub.StreamObserver;
import java.io.OutputStream;
import org.courseport.api.v1.PutUploadBytesRequest;
import org.courseport.api.v1.PutUploadBytesResponse;
import org.courseport.api.v1.UploadTicket;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.coursepackage.MultipartUploads;
import org.courseport.server.domain.coursepackage.PresignedUploads;
import org.courseport.server.domain.coursepackage.UploadSlot;
import org.courseport.server.grpc.Calls;

/**
 * Receives one presigned PUT: the ticket first, then the bytes into the blob store; or, for a
 * ticket naming a part of a multipart upload, into that part's file.
 */
final class PutBytesHandler implements StreamObserver<PutUploadBytesRequest> {
  private final PresignedUploads uploads;
  private final MultipartUploads multipart;
  private final StreamObserver<PutUploadBytesResponse> response;
  private PresignedUploads.Receiving receiving;
  private MultipartUploads.PartReceiving part;
  private boolean failed;

  /** Hands each chunk's own array to the blob writer (no copy). */
  private final OutputStream chunks =
      new OutputStream() {
        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          if (part != null) {
            part.write(b, off, len);
          } else {
            receiving.write(b, off, len);
          }
        }
      };

  PutBytesHandler(
      PresignedUploads uploads,
      MultipartUploads multipart,
      StreamObserver<PutUploadBytesResponse> response) {
    this.uploads = uploads;
    this.multipart = multipart;
    this.response = response;
  }

  @Override
  public void onNext(PutUploadBytesRequest message) {
    if (failed) {
      return;
    }
    Calls.streaming(
        response,
        this::fail,
        () -> {
          if (receiving == null && part == null) {
            if (!message.hasTicket()) {
              throw DomainException.invalid(
                  "UPLOAD_INVALID", "The first message of a PUT must carry the ticket");
            }
            UploadTicket t = message.getTicket();
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
          } else if (message.hasChunk()) {
            message.getChunk().writeTo(chunks);
          } else {
            throw DomainException.invalid("UPLOAD_INVALID", "Only the first message is a ticket");
          }
        });
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
            if (part != null) {
              String etag = part.finish();
              response.onNext(
                  PutUploadBytesResponse.newBuilder()
                      .setUploadId(part.uploadId())
                      .setPartNumber(part.partNumber())
                      .setSize(part.size())
                      .setEtag('"' + etag + '"')
                      .build());
              response.onCompleted();
              return;
            }
            if (receiving == null) {
              throw DomainException.invalid("UPLOAD_INVALID", "The PUT carried no ticket");
            }
            UploadSlot slot = receiving.finish();
            response.onNext(
                PutUploadBytesResponse.newBuilder()
                    .setUploadId(slot.uploadId())
                    .setStoragePath(slot.storagePath())
                    .setSize(slot.declaredSize())
                    .build());
            response.onCompleted();
          } finally {
            close();
          }
        });
  }

  private void fail() {
    failed = true;
    close();
  }

  private void close() {
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
