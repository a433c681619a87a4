package org.courseport.server.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.courseport.server.grpc.GrpcFixtures.errorInfo;
import static org.courseport.server.replica.ReplicaUploadsTest.awaitStatus;
import static org.courseport.server.replica.ReplicaUploadsTest.blocking;
import static org.courseport.server.replica.ReplicaUploadsTest.hex;
import static org.courseport.server.replica.ReplicaUploadsTest.largePackage;
import static org.courseport.server.replica.ReplicaUploadsTest.status;
import static org.courseport.server.replica.ReplicaUploadsTest.stream;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.courseport.api.v1.GetResumableUploadStatusResponse;
import org.courseport.api.v1.OpenResumableUploadRequest;
import org.courseport.api.v1.WriteResumableUploadRequest;
import org.courseport.api.v1.WriteResumableUploadResponse;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two streams on one resumable upload on two replicas (one store, GridFS staging, as in {@link
 * ReplicaUploadsTest}): while the first stream lives on A, a second one on B (a client that
 * reconnected elsewhere) is refused ABORTED UPLOAD_BUSY naming the upload and when to retry, and
 * the first finishes untouched; once it ends, B takes the upload at once.
 */
class ResumableUploadLeaseReplicaTest {
  static final int MONGO_PORT = ReplicaUploadsTest.freePort();

  @RegisterExtension
  @Order(1)
  static final CourseportServerExtension a =
      ReplicaUploadsTest.replica()
          .with("COURSEPORT_EMBEDDED_MONGO_PORT", Integer.toString(MONGO_PORT));

  @RegisterExtension
  @Order(2)
  static final CourseportServerExtension b =
      ReplicaUploadsTest.replica().with("MONGODB_URI", "mongodb://127.0.0.1:" + MONGO_PORT);

  private static String open(byte[] zip, String name) {
    return blocking(a)
        .openResumableUpload(
            OpenResumableUploadRequest.newBuilder()
                .setFilename(name)
                .setFileSize(zip.length)
                .setSha256(hex("SHA-256", zip))
                .setUploadedBy("lease-test")
                .build())
        .getUploadId();
  }

  @Test
  void aSecondStreamOnAnotherReplica_whileTheFirstLives_isAborted_andTheFirstFinishes()
      throws Exception {
    byte[] zip = largePackage("Two Streams", 7);
    String uploadId = open(zip, "two.zip");

    // The first stream lives on A: started, 128 KiB sent, not ended.
    int first = 128 * 1024;
    CompletableFuture<WriteResumableUploadResponse> one = new CompletableFuture<>();
    StreamObserver<WriteResumableUploadRequest> alive = stream(a, uploadId, 0, zip, 0, first, one);
    // B has no stream of its own: "writing" there is the lease A's stream took.
    awaitStatus(b, uploadId, GetResumableUploadStatusResponse::getWriting);

    CompletableFuture<WriteResumableUploadResponse> two = new CompletableFuture<>();
    stream(b, uploadId, 0, zip, 0, 64 * 1024, two).onCompleted();
    Throwable refused = catchThrowable(() -> two.get(60, TimeUnit.SECONDS));
    assertThat(refused).isInstanceOf(ExecutionException.class);
    StatusRuntimeException e = (StatusRuntimeException) refused.getCause();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(errorInfo(e).getReason()).isEqualTo("UPLOAD_BUSY");
    assertThat(errorInfo(e).getMetadataMap()).containsKey("retry_after");
    assertThat(e.getStatus().getDescription())
        .contains("'" + uploadId + "'")
        .contains("retry after " + errorInfo(e).getMetadataMap().get("retry_after"));

    // The first stream goes on to the end, on A, untouched by B's attempt.
    for (int at = first; at < zip.length; at += 64 * 1024) {
      alive.onNext(
          WriteResumableUploadRequest.newBuilder()
              .setChunk(ByteString.copyFrom(zip, at, Math.min(64 * 1024, zip.length - at)))
              .build());
    }
    alive.onCompleted();
    WriteResumableUploadResponse done = one.get(60, TimeUnit.SECONDS);
    assertThat(done.getComplete()).isTrue();
    assertThat(done.getSha256()).isEqualTo(hex("SHA-256", zip));
    assertThat(done.getReceivedBytes()).isEqualTo(zip.length);
    assertThat(status(b, uploadId).getComplete()).isTrue();
    assertThat(status(b, uploadId).getWriting()).isFalse();
  }

  @Test
  void onceTheFirstStreamEnds_theOtherReplicaContinuesAtOnce() throws Exception {
    byte[] zip = largePackage("Handed Over", 8);
    String uploadId = open(zip, "handed.zip");
    int first = 200 * 1024;
    CompletableFuture<WriteResumableUploadResponse> one = new CompletableFuture<>();
    stream(a, uploadId, 0, zip, 0, first, one).onCompleted();
    assertThat(one.get(60, TimeUnit.SECONDS).getCommittedBytes()).isEqualTo(first);

    assertThat(status(b, uploadId).getWriting()).as("the lease was released").isFalse();
    CompletableFuture<WriteResumableUploadResponse> two = new CompletableFuture<>();
    stream(b, uploadId, first, zip, first, zip.length, two).onCompleted();
    WriteResumableUploadResponse end = two.get(60, TimeUnit.SECONDS);
    assertThat(end.getComplete()).isTrue();
    assertThat(end.getSha256()).isEqualTo(hex("SHA-256", zip));
  }
}
