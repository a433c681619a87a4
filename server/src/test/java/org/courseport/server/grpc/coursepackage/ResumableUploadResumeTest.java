package org.courseport.server.grpc.coursepackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.courseport.api.v1.GetResumableUploadStatusResponse;
import org.courseport.api.v1.ProcessPackageResponse;
import org.courseport.client.ApiKey;
import org.courseport.client.CourseportClient;
import org.courseport.client.CourseportException;
import org.courseport.client.ResumableUpload;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client library's resumable upload over a real TCP connection to the real server, through a
 * proxy that cuts the connection in the middle of the stream: the upload resumes by itself from the
 * offset the server holds and sends only the rest.
 */
class ResumableUploadResumeTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  @TempDir Path dir;

  private final String key = server.newTenant();

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void connectionCutMidStream_resumesFromTheHeldOffset_andSendsOnlyTheRest() throws Exception {
    int size = 16 * 1024 * 1024;
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    Path file = Files.write(dir.resolve("big.zip"), bytes);
    AtomicBoolean cut = new AtomicBoolean();
    AtomicLong upstreamAtCut = new AtomicLong();
    List<String> retries = new ArrayList<>();

    ResumableUpload.Result result;
    try (CuttableProxy proxy = new CuttableProxy(server.server().grpcPort());
        CourseportClient client =
            CourseportClient.connect("127.0.0.1:" + proxy.port(), ApiKey.parse(key))) {
      result =
          client
              .packages()
              .resumableUpload(file)
              .uploadedBy("resume-test")
              .retries(20, Duration.ofMillis(20), Duration.ofMillis(200))
              .progress(
                  (sent, total) -> {
                    if (sent >= total / 2 && cut.compareAndSet(false, true)) {
                      upstreamAtCut.set(proxy.upstreamBytes());
                      proxy.cut();
                    }
                  })
              .onRetry((attempt, max, failure, wait) -> retries.add(failure.reasonOrCode()))
              .run();
      long upstreamAfterCut = proxy.upstreamBytes() - upstreamAtCut.get();

      assertThat(cut).isTrue();
      assertThat(retries).isNotEmpty().first().isEqualTo("UNAVAILABLE");
      List<ResumableUpload.Attempt> attempts = result.attempts();
      assertThat(attempts.get(0).offset()).isZero();
      assertThat(attempts.get(0).failure()).isEqualTo("UNAVAILABLE");
      ResumableUpload.Attempt last = attempts.get(attempts.size() - 1);
      assertThat(last.failure()).isNull();
      assertThat(last.offset()).as("bytes the server held after the cut").isPositive();
      assertThat(last.receivedBytes())
          .as("the resumed stream carried exactly the rest")
          .isEqualTo(size - last.offset());
      // On the wire too: after the cut, the rest plus framing, not the whole file again.
      assertThat(upstreamAfterCut).isLessThan(size - last.offset() + 256 * 1024);

      assertThat(result.sha256()).isEqualTo(sha256(bytes));
      assertThat(result.size()).isEqualTo(size);
      GetResumableUploadStatusResponse status =
          client.packages().resumableUploadStatus(result.uploadId());
      assertThat(status.getComplete()).isTrue();
      assertThat(status.getStoragePath()).isEqualTo(result.storagePath());
    }
  }

  @Test
  void completedUpload_isProcessedIntoAPackage() throws Exception {
    Path zip = TestPackages.write(dir, "lib.zip", TestPackages.scorm12("From the library"));
    try (CourseportClient client =
        CourseportClient.connect("127.0.0.1:" + server.server().grpcPort(), ApiKey.parse(key))) {
      ResumableUpload.Result result = client.packages().resumableUpload(zip).run();
      assertThat(result.attempts()).hasSize(1);
      assertThat(result.attempts().get(0).receivedBytes()).isEqualTo(Files.size(zip));

      ProcessPackageResponse processed =
          client
              .packages()
              .process(
                  result.tenantId(),
                  result.storagePath(),
                  "lib.zip",
                  "",
                  false,
                  "",
                  Duration.ofMinutes(2));

      assertThat(processed.getPackageSummary().getTitle()).isEqualTo("From the library");
      assertThat(processed.getPackageSummary().getCurrentRevision()).isEqualTo(1);
      assertThat(client.packages().get(processed.getPackageSummary().getPackageId()).getTitle())
          .isEqualTo("From the library");
    }
  }

  @Test
  void serverGone_givesUpAfterTheBoundedRetries_withTheConnectionError() throws Exception {
    Path zip = TestPackages.write(dir, "gone.zip", TestPackages.scorm12("Gone"));
    List<Integer> attempts = new ArrayList<>();
    CuttableProxy proxy = new CuttableProxy(server.server().grpcPort());
    try (CourseportClient client =
        CourseportClient.builder()
            .target("127.0.0.1:" + proxy.port())
            .apiKey(ApiKey.parse(key))
            .callTimeout(Duration.ofSeconds(2))
            .build()) {
      ResumableUpload upload =
          client
              .packages()
              .resumableUpload(zip)
              .retries(3, Duration.ofMillis(10), Duration.ofMillis(10))
              .onRetry((attempt, max, failure, wait) -> attempts.add(attempt))
              .progress(
                  (sent, total) -> {
                    try {
                      proxy.close();
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  });

      assertThatThrownBy(upload::run)
          .isInstanceOfSatisfying(
              CourseportException.class,
              e ->
                  assertThat(e.status().getCode())
                      .isIn(
                          io.grpc.Status.Code.UNAVAILABLE, io.grpc.Status.Code.DEADLINE_EXCEEDED));
      assertThat(attempts).containsExactly(1, 2);
    }
  }
}
