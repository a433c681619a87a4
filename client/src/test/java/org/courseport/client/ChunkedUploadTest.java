package org.courseport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.courseport.api.v1.CreateUploadAndImportCourseJobRequest;
import org.courseport.api.v1.UploadMetadata;
import org.courseport.api.v1.ValidatePackageRequest;
import org.courseport.api.v1.ValidationReport;
import org.courseport.client.testing.FakeCourseService;
import org.courseport.client.testing.InProcessCourseport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkedUploadTest {
  private static final int SIZE = 5 * 1024 * 1024 + 12_345;

  @TempDir Path dir;
  private final ReadinessProbe probe = new ReadinessProbe();
  private InProcessCourseport courseport;

  @AfterEach
  void stop() {
    courseport.close();
  }

  @Test
  void uploadAndImport_multiMegabyteFile_arrivesCompleteInOrderAfterMetadata() throws Exception {
    courseport = new InProcessCourseport();
    byte[] content = randomBytes(SIZE);
    Path zip = write("golf.zip", content);

    String jobId = upload(zip, UploadOptions.forCourse("golf").withNewVersion(true));

    assertThat(jobId).isEqualTo("job-1");
    List<CreateUploadAndImportCourseJobRequest> messages = courseport.service.uploadMessages;
    UploadMetadata metadata = messages.get(0).getMetadata();
    assertThat(messages.get(0).hasMetadata()).isTrue();
    assertThat(metadata.getCourseId()).isEqualTo("golf");
    assertThat(metadata.getMayCreateNewVersion()).isTrue();
    assertThat(metadata.getFileName()).isEqualTo("golf.zip");
    assertThat(metadata.getSize()).isEqualTo(SIZE);
    List<CreateUploadAndImportCourseJobRequest> chunks = messages.subList(1, messages.size());
    assertThat(chunks).hasSize((SIZE + ChunkedUpload.CHUNK_SIZE - 1) / ChunkedUpload.CHUNK_SIZE);
    assertThat(chunks).allSatisfy(m -> assertThat(m.getChunk().size()).isLessThanOrEqualTo(65_536));
    assertThat(chunks.get(0).getChunk().size()).isEqualTo(65_536);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    for (CreateUploadAndImportCourseJobRequest chunk : chunks) {
      chunk.getChunk().writeTo(received);
    }
    assertThat(received.toByteArray()).isEqualTo(content);
  }

  @Test
  void uploadAndImport_slowServer_sendsOnlyWhileTheTransportIsReady() throws Exception {
    courseport = new InProcessCourseport(probe);
    courseport.service.requestDelayMillis = 1;
    Path zip = write("golf.zip", randomBytes(2 * 1024 * 1024));

    upload(zip, UploadOptions.forCourse("golf"));

    assertThat(courseport.service.uploadMessages).hasSize(1 + 32);
    assertThat(probe.sentWhileNotReady.get()).isZero();
    assertThat(probe.leftNotReady.get())
        .as("the server's slow request() must have made the client wait")
        .isPositive();
  }

  @Test
  void uploadAndImport_reportsProgressUpToTheFileSize() throws Exception {
    courseport = new InProcessCourseport();
    Path zip = write("golf.zip", randomBytes(300_000));
    List<Long> progress = new CopyOnWriteArrayList<>();

    courseport
        .client()
        .uploadAndImport(zip, UploadOptions.forCourse("golf"), (sent, total) -> progress.add(sent));

    assertThat(progress).containsExactly(65_536L, 131_072L, 196_608L, 262_144L, 300_000L);
  }

  @Test
  void uploadAndImport_serverRejectsAfterMetadata_throwsTypedErrorAndStopsSending()
      throws Exception {
    courseport = new InProcessCourseport();
    courseport.service.uploadFailure =
        FakeCourseService.error(
            Status.Code.ALREADY_EXISTS, "COURSE_EXISTS", "course 'golf' exists");
    Path zip = write("golf.zip", randomBytes(SIZE));

    assertThatThrownBy(() -> upload(zip, UploadOptions.forCourse("golf")))
        .isInstanceOfSatisfying(
            AlreadyExistsException.class, e -> assertThat(e.reason()).isEqualTo("COURSE_EXISTS"));
    assertThat(courseport.service.uploadMessages).hasSize(1);
  }

  @Test
  void uploadAndImport_missingFile_throwsNoSuchFileWithoutCalling() throws Exception {
    courseport = new InProcessCourseport();

    assertThatThrownBy(() -> upload(dir.resolve("absent.zip"), UploadOptions.forCourse("golf")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
    assertThat(courseport.headers).isEmpty();
  }

  @Test
  void validate_streamsFileNameThenBytesAndReturnsTheReport() throws Exception {
    courseport = new InProcessCourseport();
    courseport.service.validationReport =
        ValidationReport.newBuilder().setValid(false).setErrorCount(1).build();
    byte[] content = randomBytes(200_000);
    Path zip = write("broken.zip", content);

    ValidationReport report = courseport.client().validate(zip, ProgressListener.NONE);

    assertThat(report.getErrorCount()).isEqualTo(1);
    List<ValidatePackageRequest> messages = courseport.service.validateMessages;
    assertThat(messages.get(0).getFileName()).isEqualTo("broken.zip");
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    for (ValidatePackageRequest message : messages.subList(1, messages.size())) {
      message.getChunk().writeTo(received);
    }
    assertThat(received.toByteArray()).isEqualTo(content);
    assertThat(courseport.lastAuthorization()).startsWith("Basic ");
  }

  private String upload(Path zip, UploadOptions options) throws Exception {
    try (CourseportClient client = courseport.client()) {
      return client.uploadAndImport(zip, options, ProgressListener.NONE);
    }
  }

  private Path write(String name, byte[] content) throws Exception {
    return Files.write(dir.resolve(name), content);
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  /** Checks at every send whether the call was ready, and counts how often a send exhausted it. */
  private static final class ReadinessProbe implements ClientInterceptor {
    final AtomicInteger sentWhileNotReady = new AtomicInteger();
    final AtomicInteger leftNotReady = new AtomicInteger();

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
      return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void sendMessage(ReqT message) {
          if (!isReady()) {
            sentWhileNotReady.incrementAndGet();
          }
          super.sendMessage(message);
          if (!isReady()) {
            leftNotReady.incrementAndGet();
          }
        }
      };
    }
  }
}
