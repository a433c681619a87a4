package org.courseport.server.grpc.coursepackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.grpc.GrpcFixtures.assertFails;
import static org.courseport.server.grpc.GrpcFixtures.errorInfo;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.courseport.api.v1.CoursePackage;
import org.courseport.api.v1.GetPackageRequest;
import org.courseport.api.v1.GetResumableUploadStatusRequest;
import org.courseport.api.v1.GetResumableUploadStatusResponse;
import org.courseport.api.v1.OpenResumableUploadRequest;
import org.courseport.api.v1.OpenResumableUploadResponse;
import org.courseport.api.v1.PackageServiceGrpc;
import org.courseport.api.v1.ProcessPackageRequest;
import org.courseport.api.v1.ProcessPackageResponse;
import org.courseport.api.v1.ResumableWriteFinish;
import org.courseport.api.v1.ResumableWriteStart;
import org.courseport.api.v1.SetTenantQuotaRequest;
import org.courseport.api.v1.WriteResumableUploadRequest;
import org.courseport.api.v1.WriteResumableUploadResponse;
import org.courseport.server.domain.coursepackage.ResumableUploads;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The resumable gRPC upload through the real server's in-process channel: open, write in one or
 * several streams, status, completion with the SHA-256 check, then ProcessPackage of its
 * storage_path; and every refusal with its status and reason.
 */
class ResumableUploadGrpcTest {
  static final String ADMIN = "operator-token-resumable-42";

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension().with("COURSEPORT_ADMIN_TOKEN", ADMIN);

  private final String key = server.newTenant();
  private final PackageServiceGrpc.PackageServiceBlockingStub blocking = blocking(key);

  private PackageServiceGrpc.PackageServiceBlockingStub blocking(String apiKey) {
    return PackageServiceGrpc.newBlockingStub(server.inProcessChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(basic(apiKey))));
  }

  private PackageServiceGrpc.PackageServiceStub async(String apiKey) {
    return PackageServiceGrpc.newStub(server.inProcessChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(basic(apiKey))));
  }

  private static String basic(String apiKey) {
    return CourseportServerExtension.basic(apiKey);
  }

  private static Metadata auth(String value) {
    Metadata m = new Metadata();
    m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), value);
    return m;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private OpenResumableUploadResponse open(String name, long size, String sha) {
    return blocking.openResumableUpload(
        OpenResumableUploadRequest.newBuilder()
            .setFilename(name)
            .setFileSize(size)
            .setSha256(sha)
            .setUploadedBy("tests")
            .build());
  }

  private GetResumableUploadStatusResponse status(String uploadId) {
    return blocking.getResumableUploadStatus(
        GetResumableUploadStatusRequest.newBuilder().setUploadId(uploadId).build());
  }

  /** One stream: start at {@code offset}, then {@code bytes[from, to)} in 64 KiB chunks. */
  private WriteResumableUploadResponse write(
      String apiKey, String uploadId, long offset, byte[] bytes, int from, int to) {
    CompletableFuture<WriteResumableUploadResponse> result = new CompletableFuture<>();
    StreamObserver<WriteResumableUploadRequest> out =
        async(apiKey).writeResumableUpload(collector(result));
    out.onNext(start(uploadId, offset));
    for (int at = from; at < to; at += 64 * 1024) {
      out.onNext(chunk(bytes, at, Math.min(64 * 1024, to - at)));
    }
    out.onCompleted();
    return await(result);
  }

  private WriteResumableUploadResponse write(String uploadId, long offset, byte[] bytes) {
    return write(key, uploadId, offset, bytes, (int) offset, bytes.length);
  }

  static WriteResumableUploadRequest start(String uploadId, long offset) {
    return WriteResumableUploadRequest.newBuilder()
        .setStart(ResumableWriteStart.newBuilder().setUploadId(uploadId).setOffset(offset))
        .build();
  }

  static WriteResumableUploadRequest chunk(byte[] bytes, int off, int len) {
    return WriteResumableUploadRequest.newBuilder()
        .setChunk(ByteString.copyFrom(bytes, off, len))
        .build();
  }

  static <T> StreamObserver<T> collector(CompletableFuture<T> result) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        result.complete(null);
      }
    };
  }

  static <T> T await(CompletableFuture<T> result) {
    try {
      return result.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("stream call did not finish", e);
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private List<Path> partialFiles() {
    Path dir = server.dataDir().resolve("multipart");
    return Files.isDirectory(dir) ? server.filesUnder("multipart") : List.of();
  }

  @Test
  void oneStream_completes_andProcessPackageTakesTheStoragePath() {
    byte[] zip = TestPackages.scorm12("Resumable one stream");
    OpenResumableUploadResponse opened = open("one.zip", zip.length, sha256(zip));
    assertThat(opened.getUploadId()).startsWith("upl_");
    assertThat(opened.getStoragePath())
        .isEqualTo("tenant-" + opened.getTenantId() + "/uploads/" + opened.getUploadId() + ".zip");
    assertThat(opened.getFileSize()).isEqualTo(zip.length);
    assertThat(status(opened.getUploadId()).getCommittedBytes()).isZero();

    WriteResumableUploadResponse written = write(opened.getUploadId(), 0, zip);

    assertThat(written.getComplete()).isTrue();
    assertThat(written.getCommittedBytes()).isEqualTo(zip.length);
    assertThat(written.getReceivedBytes()).isEqualTo(zip.length);
    assertThat(written.getSha256()).isEqualTo(sha256(zip));
    GetResumableUploadStatusResponse done = status(opened.getUploadId());
    assertThat(done.getComplete()).isTrue();
    assertThat(done.getCommittedBytes()).isEqualTo(zip.length);
    assertThat(done.getWriting()).isFalse();
    assertThat(partialFiles()).noneMatch(p -> p.toString().contains(opened.getUploadId()));

    ProcessPackageResponse processed =
        blocking.processPackage(
            ProcessPackageRequest.newBuilder()
                .setTenantId(opened.getTenantId())
                .setStoragePath(opened.getStoragePath())
                .setOriginalFilename("one.zip")
                .build());
    assertThat(processed.getFileSizeBytes()).isEqualTo(zip.length);
    assertThat(processed.getPackageSummary().getCurrentRevision()).isEqualTo(1);
    assertThat(processed.getManifest().getTitle()).isEqualTo("Resumable one stream");
    CoursePackage stored =
        blocking.getPackage(
            GetPackageRequest.newBuilder()
                .setPackageId(processed.getPackageSummary().getPackageId())
                .build());
    assertThat(stored.getTitle()).isEqualTo("Resumable one stream");
    assertThat(stored.getFileSizeBytes()).isEqualTo(zip.length);

    assertFails(
        () -> write(opened.getUploadId(), zip.length, zip),
        Status.Code.FAILED_PRECONDITION,
        "UPLOAD_COMPLETED");
  }

  @Test
  void streamEndingEarly_holdsItsBytes_andTheNextContinuesFromThere_onlyFromThere() {
    byte[] zip = TestPackages.scorm2004("Resumable in two");
    int half = zip.length / 2;
    OpenResumableUploadResponse opened = open("two.zip", zip.length, sha256(zip));

    WriteResumableUploadResponse first = write(key, opened.getUploadId(), 0, zip, 0, half);

    assertThat(first.getComplete()).isFalse();
    assertThat(first.getCommittedBytes()).isEqualTo(half);
    assertThat(status(opened.getUploadId()).getCommittedBytes()).isEqualTo(half);

    StatusRuntimeException behind =
        assertFails(
            () -> write(key, opened.getUploadId(), 0, zip, 0, zip.length),
            Status.Code.FAILED_PRECONDITION,
            "OFFSET_MISMATCH");
    assertThat(behind.getStatus().getDescription())
        .contains("offset 0", "holds " + half + " bytes", "continue from offset " + half);
    assertThat(errorInfo(behind).getMetadataMap())
        .containsEntry("committed_bytes", Long.toString(half))
        .containsEntry("offset", "0");
    assertFails(
        () -> write(key, opened.getUploadId(), half + 1, zip, half + 1, zip.length),
        Status.Code.FAILED_PRECONDITION,
        "OFFSET_MISMATCH");
    assertThat(status(opened.getUploadId()).getCommittedBytes()).isEqualTo(half);

    WriteResumableUploadResponse rest =
        write(key, opened.getUploadId(), half, zip, half, zip.length);

    assertThat(rest.getComplete()).isTrue();
    assertThat(rest.getReceivedBytes()).isEqualTo(zip.length - half);
    assertThat(rest.getSha256()).isEqualTo(sha256(zip));
    ProcessPackageResponse validated =
        blocking.processPackage(
            ProcessPackageRequest.newBuilder()
                .setTenantId(opened.getTenantId())
                .setStoragePath(opened.getStoragePath())
                .setValidateOnly(true)
                .build());
    assertThat(validated.getValidationOnly()).isTrue();
    assertThat(validated.getManifest().getTitle()).isEqualTo("Resumable in two");
  }

  @Test
  void shaMismatch_isRefused_theBytesAreDiscarded_andNothingIsStored() {
    byte[] zip = random(200_000, 1);
    byte[] other = random(200_000, 2);
    OpenResumableUploadResponse opened = open("bad.zip", zip.length, sha256(other));
    long blobsBefore = server.filesUnder("blobs").size();

    StatusRuntimeException e =
        assertFails(
            () -> write(opened.getUploadId(), 0, zip),
            Status.Code.INVALID_ARGUMENT,
            "SHA256_MISMATCH");

    assertThat(e.getStatus().getDescription())
        .contains(sha256(zip), sha256(other), "discarded", "from offset 0");
    GetResumableUploadStatusResponse after = status(opened.getUploadId());
    assertThat(after.getCommittedBytes()).isZero();
    assertThat(after.getComplete()).isFalse();
    assertThat(server.filesUnder("blobs")).hasSize((int) blobsBefore);
    assertThat(
            blocking
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .getResumableUploadStatus(
                    GetResumableUploadStatusRequest.newBuilder()
                        .setUploadId(opened.getUploadId())
                        .build())
                .getStoragePath())
        .isEqualTo(opened.getStoragePath());
    assertFails(
        () ->
            blocking.processPackage(
                ProcessPackageRequest.newBuilder()
                    .setTenantId(opened.getTenantId())
                    .setStoragePath(opened.getStoragePath())
                    .build()),
        Status.Code.FAILED_PRECONDITION,
        "UPLOAD_INCOMPLETE");
  }

  /**
   * One stream from {@code offset}: the rest of {@code bytes}, then a finish declaring {@code sha}.
   */
  private WriteResumableUploadResponse writeAndFinish(
      String uploadId, long offset, byte[] bytes, int to, String sha) {
    CompletableFuture<WriteResumableUploadResponse> result = new CompletableFuture<>();
    StreamObserver<WriteResumableUploadRequest> out =
        async(key).writeResumableUpload(collector(result));
    out.onNext(start(uploadId, offset));
    for (int at = (int) offset; at < to; at += 64 * 1024) {
      out.onNext(chunk(bytes, at, Math.min(64 * 1024, to - at)));
    }
    out.onNext(finish(sha));
    out.onCompleted();
    return await(result);
  }

  static WriteResumableUploadRequest finish(String sha) {
    return WriteResumableUploadRequest.newBuilder()
        .setFinish(ResumableWriteFinish.newBuilder().setSha256(sha))
        .build();
  }

  @Test
  void openedWithoutSha256_completesOnTheFinish_afterTheLastByte() {
    byte[] zip = TestPackages.scorm12("Resumable digest at the end");
    OpenResumableUploadResponse opened = open("end.zip", zip.length, "");

    // Every byte, but no finish: held, not complete.
    WriteResumableUploadResponse held = write(opened.getUploadId(), 0, zip);
    assertThat(held.getComplete()).isFalse();
    assertThat(held.getCommittedBytes()).isEqualTo(zip.length);
    assertThat(held.getSha256()).isEmpty();
    assertThat(status(opened.getUploadId()).getComplete()).isFalse();

    // A stream at the end carries only the finish (the server re-hashes what it holds).
    WriteResumableUploadResponse done =
        writeAndFinish(
            opened.getUploadId(), zip.length, zip, zip.length, sha256(zip).toUpperCase());
    assertThat(done.getComplete()).isTrue();
    assertThat(done.getReceivedBytes()).isZero();
    assertThat(done.getSha256()).isEqualTo(sha256(zip));
    assertThat(status(opened.getUploadId()).getComplete()).isTrue();
    assertThat(partialFiles()).noneMatch(p -> p.toString().contains(opened.getUploadId()));

    ProcessPackageResponse processed =
        blocking.processPackage(
            ProcessPackageRequest.newBuilder()
                .setTenantId(opened.getTenantId())
                .setStoragePath(opened.getStoragePath())
                .setOriginalFilename("end.zip")
                .build());
    assertThat(processed.getFileSizeBytes()).isEqualTo(zip.length);
    assertThat(processed.getManifest().getTitle()).isEqualTo("Resumable digest at the end");
  }

  @Test
  void openedWithoutSha256_oneStreamWithFinish_completes() {
    byte[] zip = random(300_000, 7);
    OpenResumableUploadResponse opened = open("one-pass.zip", zip.length, "");

    WriteResumableUploadResponse done =
        writeAndFinish(opened.getUploadId(), 0, zip, zip.length, sha256(zip));

    assertThat(done.getComplete()).isTrue();
    assertThat(done.getReceivedBytes()).isEqualTo(zip.length);
    assertThat(done.getCommittedBytes()).isEqualTo(zip.length);
    assertThat(done.getSha256()).isEqualTo(sha256(zip));
  }

  @Test
  void finish_withAnotherSha256_isRefused_andTheBytesAreDiscarded() {
    byte[] zip = random(200_000, 8);
    OpenResumableUploadResponse opened = open("end-bad.zip", zip.length, "");
    long blobsBefore = server.filesUnder("blobs").size();

    StatusRuntimeException e =
        assertFails(
            () -> writeAndFinish(opened.getUploadId(), 0, zip, zip.length, sha256(random(10, 9))),
            Status.Code.INVALID_ARGUMENT,
            "SHA256_MISMATCH");

    assertThat(e.getStatus().getDescription()).contains(sha256(zip), "discarded");
    assertThat(status(opened.getUploadId()).getCommittedBytes()).isZero();
    assertThat(server.filesUnder("blobs")).hasSize((int) blobsBefore);
  }

  @Test
  void finish_beforeTheLastByte_isRefused_andWhatCameIsHeld() {
    byte[] zip = random(200_000, 10);
    OpenResumableUploadResponse opened = open("early.zip", zip.length, "");

    StatusRuntimeException e =
        assertFails(
            () -> writeAndFinish(opened.getUploadId(), 0, zip, 65_536, sha256(zip)),
            Status.Code.INVALID_ARGUMENT,
            "UPLOAD_INCOMPLETE");

    assertThat(e.getStatus().getDescription()).contains("after 65536 of its 200000 bytes");
    assertThat(status(opened.getUploadId()).getCommittedBytes()).isEqualTo(65_536);
    assertThat(status(opened.getUploadId()).getComplete()).isFalse();
  }

  @Test
  void finish_withAnInvalidSha256_isRefused() {
    byte[] zip = random(1_000, 11);
    OpenResumableUploadResponse opened = open("hex.zip", zip.length, "");

    assertFails(
        () -> writeAndFinish(opened.getUploadId(), 0, zip, zip.length, "xyz"),
        Status.Code.INVALID_ARGUMENT,
        "SHA256_INVALID");
  }

  @Test
  void openedWithSha256_aFinishMustRepeatIt() {
    byte[] zip = random(100_000, 12);
    OpenResumableUploadResponse same = open("same.zip", zip.length, sha256(zip));
    assertThat(writeAndFinish(same.getUploadId(), 0, zip, zip.length, sha256(zip)).getComplete())
        .isTrue();

    OpenResumableUploadResponse other = open("other.zip", zip.length, sha256(zip));
    StatusRuntimeException e =
        assertFails(
            () -> writeAndFinish(other.getUploadId(), 0, zip, zip.length, sha256(random(10, 13))),
            Status.Code.INVALID_ARGUMENT,
            "SHA256_MISMATCH");
    assertThat(e.getStatus().getDescription()).contains("declares SHA-256");
  }

  @Test
  void bytesPastFileSize_areRefused_andWhatCameBeforeIsHeld() {
    byte[] zip = random(100_000, 3);
    OpenResumableUploadResponse opened = open("over.zip", zip.length - 10, sha256(zip));

    StatusRuntimeException e =
        assertFails(
            () -> write(opened.getUploadId(), 0, zip),
            Status.Code.INVALID_ARGUMENT,
            "WRITE_PAST_END");

    assertThat(e.getStatus().getDescription())
        .contains("offset " + 65_536, "past file_size " + (zip.length - 10));
    assertThat(status(opened.getUploadId()).getCommittedBytes()).isEqualTo(65_536);
  }

  @Test
  void open_refusesBadArguments_withTheirReasons() {
    assertFails(
        () -> open("big.zip", ResumableUploads.MAX_FILE_SIZE + 1, sha256(new byte[1])),
        Status.Code.RESOURCE_EXHAUSTED,
        "FILE_TOO_LARGE");
    assertFails(() -> open("a.zip", 10, "abc"), Status.Code.INVALID_ARGUMENT, "SHA256_INVALID");
    assertFails(
        () -> open("a.zip", 0, sha256(new byte[1])),
        Status.Code.INVALID_ARGUMENT,
        "FILE_SIZE_INVALID");
    assertFails(
        () -> open("", 10, sha256(new byte[1])), Status.Code.INVALID_ARGUMENT, "FILENAME_MISSING");
    assertFails(
        () ->
            blocking.openResumableUpload(
                OpenResumableUploadRequest.newBuilder()
                    .setTenantId("00000000-0000-0000-0000-000000000000")
                    .setFilename("a.zip")
                    .setFileSize(10)
                    .setSha256(sha256(new byte[1]))
                    .build()),
        Status.Code.PERMISSION_DENIED,
        "TENANT_MISMATCH");
    // Ten gigabytes is allowed: far above the 100 MB single-upload limit.
    assertThat(open("ten.zip", ResumableUploads.MAX_FILE_SIZE, sha256(new byte[1])).getFileSize())
        .isEqualTo(ResumableUploads.MAX_FILE_SIZE);
  }

  @Test
  void anotherTenantsUpload_isNotFound_forStatusAndWrite() {
    byte[] zip = random(1000, 4);
    OpenResumableUploadResponse opened = open("mine.zip", zip.length, sha256(zip));
    String other = server.newTenant();

    assertFails(
        () ->
            blocking(other)
                .getResumableUploadStatus(
                    GetResumableUploadStatusRequest.newBuilder()
                        .setUploadId(opened.getUploadId())
                        .build()),
        Status.Code.NOT_FOUND,
        "UPLOAD_NOT_FOUND");
    assertFails(
        () -> write(other, opened.getUploadId(), 0, zip, 0, zip.length),
        Status.Code.NOT_FOUND,
        "UPLOAD_NOT_FOUND");
    assertFails(() -> status("upl_unknown"), Status.Code.NOT_FOUND, "UPLOAD_NOT_FOUND");
    assertThat(status(opened.getUploadId()).getCommittedBytes()).isZero();
  }

  @Test
  void streamWithoutStart_isInvalid() {
    CompletableFuture<WriteResumableUploadResponse> result = new CompletableFuture<>();
    StreamObserver<WriteResumableUploadRequest> out =
        async(key).writeResumableUpload(collector(result));
    out.onNext(chunk(new byte[10], 0, 10));
    out.onCompleted();

    assertFails(() -> await(result), Status.Code.INVALID_ARGUMENT, "UPLOAD_INVALID");
  }

  @Test
  void quota_isCheckedAtOpen_beforeAnyByteIsKept() {
    String tenantUuid = open("probe.zip", 10, sha256(new byte[1])).getTenantId();
    PackageServiceGrpc.newBlockingStub(server.inProcessChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth("Bearer " + ADMIN)))
        .setTenantQuota(
            SetTenantQuotaRequest.newBuilder()
                .setTenantId(tenantUuid)
                .setMaxStoredBytes(1000)
                .build());

    StatusRuntimeException e =
        assertFails(
            () -> open("big.zip", 1001, sha256(new byte[1])),
            Status.Code.RESOURCE_EXHAUSTED,
            "QUOTA_EXCEEDED");
    assertThat(e.getStatus().getDescription()).contains("1000", "1001");
    assertThat(open("fits.zip", 1000, sha256(new byte[1])).getFileSize()).isEqualTo(1000);
  }

  @Test
  void secondStream_whileTheFirstIsOpen_isAborted_andTheFirstCompletes() {
    byte[] zip = random(300_000, 5);
    OpenResumableUploadResponse opened = open("busy.zip", zip.length, sha256(zip));
    CompletableFuture<WriteResumableUploadResponse> firstResult = new CompletableFuture<>();
    StreamObserver<WriteResumableUploadRequest> first =
        async(key).writeResumableUpload(collector(firstResult));
    first.onNext(start(opened.getUploadId(), 0));
    first.onNext(chunk(zip, 0, 100_000));
    awaitWriting(opened.getUploadId());

    StatusRuntimeException busy =
        assertFails(() -> write(opened.getUploadId(), 0, zip), Status.Code.ABORTED, "UPLOAD_BUSY");
    assertThat(busy.getStatus().getDescription()).contains("Another stream is writing");

    first.onNext(chunk(zip, 100_000, zip.length - 100_000));
    first.onCompleted();
    WriteResumableUploadResponse done = await(firstResult);
    assertThat(done.getComplete()).isTrue();
    assertThat(done.getReceivedBytes()).isEqualTo(zip.length);
    assertThat(status(opened.getUploadId()).getWriting()).isFalse();
  }

  /**
   * Waits until the server reports a stream writing to the upload: a condition, not a time; gives
   * up after a minute (hang detection only).
   */
  private void awaitWriting(String uploadId) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!status(uploadId).getWriting()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the first stream never started writing");
      }
      Thread.onSpinWait();
    }
  }
}
