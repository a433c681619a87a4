package org.courseport.server.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.CreateUploadAndImportCourseJobRequest;
import org.courseport.api.v1.GetImportJobStatusRequest;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.api.v1.StringResult;
import org.courseport.api.v1.UploadMetadata;
import org.courseport.api.v1.ValidatePackageRequest;
import org.courseport.api.v1.ValidationReport;
import org.courseport.server.testing.CourseportServerExtension;

/**
 * Imports files into the real server as a client would, over its network ports: gRPC streaming
 * upload with flow control, REST multipart upload, validate-only RPC; waits for the job and
 * measures what the import workers allocated meanwhile.
 */
final class Importer {
  static final int CHUNK = 256 * 1024;

  /**
   * Hang detection only, not a speed requirement: far above any import's duration on a loaded
   * machine (the 15 GiB bomb inflates in well under a minute on a quiet one).
   */
  static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CourseportServerExtension server;
  private final ManagedChannel channel;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Talks to {@code server} over its network ports (gRPC and HTTP), as clients do. */
  Importer(CourseportServerExtension server) {
    this.server = server;
    this.channel = server.channel();
  }

  /** A blocking stub on the gRPC network port, with the default key. */
  CourseServiceGrpc.CourseServiceBlockingStub blocking() {
    return CourseServiceGrpc.newBlockingStub(channel).withInterceptors(auth());
  }

  private CourseServiceGrpc.CourseServiceStub async() {
    return CourseServiceGrpc.newStub(channel).withInterceptors(auth());
  }

  private static ClientInterceptor auth() {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        CourseportServerExtension.basic(CourseportServerExtension.KEY));
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  /** An ended import job, how long it ran and how much the import workers allocated. */
  record Outcome(ImportJobResult job, Duration elapsed, long workerAllocatedBytes) {
    boolean failed() {
      return job.getStatus() == ImportJobResult.Status.ERROR;
    }

    String message() {
      return job.getMessage();
    }
  }

  /** Uploads over gRPC, waits for the job. */
  Outcome importGrpc(Path file, String courseId, String fileName) {
    return measured(() -> awaitJob(uploadGrpc(file, courseId, fileName)));
  }

  /** Uploads through {@code POST /api/v2/courses/importJobs/upload}, polls the REST job route. */
  Outcome importRest(Path file, String courseId, String fileName) {
    return measured(() -> awaitRestJob(uploadRest(file, courseId, fileName)));
  }

  /** Runs an import to its end, measuring its time and the bytes the import workers allocated. */
  private static Outcome measured(Supplier<ImportJobResult> importing) {
    long allocated = WorkerThreads.allocatedBytes();
    long start = System.nanoTime();
    ImportJobResult job = importing.get();
    return new Outcome(
        job,
        Duration.ofNanos(System.nanoTime() - start),
        WorkerThreads.allocatedBytes() - allocated);
  }

  /** Streams {@code file} into CreateUploadAndImportCourseJob, honouring flow control. */
  String uploadGrpc(Path file, String courseId, String fileName) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Semaphore ready = new Semaphore(0);
    ClientCallStreamObserver<CreateUploadAndImportCourseJobRequest> out =
        (ClientCallStreamObserver<CreateUploadAndImportCourseJobRequest>)
            async()
                .createUploadAndImportCourseJob(observer(result, StringResult::getResult, ready));
    out.onNext(
        CreateUploadAndImportCourseJobRequest.newBuilder()
            .setMetadata(UploadMetadata.newBuilder().setCourseId(courseId).setFileName(fileName))
            .build());
    stream(
        file,
        out,
        result,
        ready,
        bytes -> CreateUploadAndImportCourseJobRequest.newBuilder().setChunk(bytes).build());
    return await(result);
  }

  /** Streams {@code file} into ValidatePackage and returns the report. */
  ValidationReport validate(Path file, String fileName) {
    CompletableFuture<ValidationReport> result = new CompletableFuture<>();
    Semaphore ready = new Semaphore(0);
    ClientCallStreamObserver<ValidatePackageRequest> out =
        (ClientCallStreamObserver<ValidatePackageRequest>)
            async().validatePackage(observer(result, r -> r, ready));
    out.onNext(ValidatePackageRequest.newBuilder().setFileName(fileName).build());
    stream(
        file,
        out,
        result,
        ready,
        bytes -> ValidatePackageRequest.newBuilder().setChunk(bytes).build());
    return await(result);
  }

  /** Sends the file in chunks, only when the call is ready (client-side flow control). */
  private static <T> void stream(
      Path file,
      ClientCallStreamObserver<T> out,
      CompletableFuture<?> result,
      Semaphore ready,
      Function<ByteString, T> chunk) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[CHUNK];
      for (int n = in.readNBytes(buffer, 0, CHUNK); n > 0; n = in.readNBytes(buffer, 0, CHUNK)) {
        while (!out.isReady() && !result.isDone()) {
          ready.tryAcquire(50, TimeUnit.MILLISECONDS);
        }
        if (result.isDone()) {
          out.cancel("the server answered before the end of the bytes", null);
          return;
        }
        out.onNext(chunk.apply(ByteString.copyFrom(buffer, 0, n)));
      }
      out.onCompleted();
    } catch (IOException e) {
      out.onError(e);
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.onError(e);
      throw new IllegalStateException(e);
    }
  }

  private static <R, T> ClientResponseObserver<T, R> observer(
      CompletableFuture<?> result, Function<R, ?> value, Semaphore ready) {
    @SuppressWarnings("unchecked")
    CompletableFuture<Object> sink = (CompletableFuture<Object>) result;
    return new ClientResponseObserver<>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<T> stream) {
        stream.setOnReadyHandler(ready::release);
      }

      @Override
      public void onNext(R r) {
        sink.complete(value.apply(r));
      }

      @Override
      public void onError(Throwable t) {
        sink.completeExceptionally(t);
        ready.release();
      }

      @Override
      public void onCompleted() {}
    };
  }

  private static <T> T await(CompletableFuture<T> result) {
    try {
      return result.get(2, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException("no answer from the server", e);
    }
  }

  /** One GetImportJobStatus call. */
  ImportJobResult awaitJobOnce(String jobId) {
    return blocking()
        .getImportJobStatus(GetImportJobStatusRequest.newBuilder().setImportJobId(jobId).build());
  }

  /** Polls GetImportJobStatus until the job leaves RUNNING. */
  ImportJobResult awaitJob(String jobId) {
    return poll(() -> awaitJobOnce(jobId));
  }

  private ImportJobResult awaitRestJob(String jobId) {
    return poll(() -> restJob(jobId));
  }

  private static ImportJobResult poll(Supplier<ImportJobResult> status) {
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      ImportJobResult r = status.get();
      if (r.getStatus() != ImportJobResult.Status.RUNNING) {
        return r;
      }
      sleep(50);
    }
    throw new AssertionError("import job still running after " + JOB_TIMEOUT);
  }

  /** {@code GET /api/v2/courses/importJobs/{id}}, read back into the proto. */
  ImportJobResult restJob(String jobId) {
    JsonNode body = getJson("/api/v2/courses/importJobs/" + jobId);
    ImportJobResult.Builder b =
        ImportJobResult.newBuilder()
            .setJobId(body.path("jobId").asText())
            .setStatus(ImportJobResult.Status.valueOf(body.path("status").asText()));
    if (body.hasNonNull("message")) {
      b.setMessage(body.get("message").asText());
    }
    JsonNode warnings = body.path("importResult").path("parserWarnings");
    warnings.forEach(w -> b.getImportResultBuilder().addParserWarnings(w.asText()));
    return b.build();
  }

  /** Streams {@code file} as part {@code file} of a multipart form; returns the job id. */
  String uploadRest(Path file, String courseId, String fileName) {
    String boundary = "hostile-" + UUID.randomUUID();
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename=\""
                + fileName
                + "\"\r\nContent-Type: application/zip\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(
                server.http().resolve("/api/v2/courses/importJobs/upload?courseId=" + courseId))
            .header("Authorization", CourseportServerExtension.basic(CourseportServerExtension.KEY))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .timeout(Duration.ofMinutes(2))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> multipart(head, file, tail)))
            .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 200) {
      throw new RestRefusal(response.statusCode(), response.body());
    }
    return read(response.body()).path("result").asText();
  }

  /** A REST upload answered with an error status. */
  static final class RestRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String body;

    RestRefusal(int status, String body) {
      super("HTTP " + status + ": " + body);
      this.status = status;
      this.body = body;
    }
  }

  private static InputStream multipart(byte[] head, Path file, byte[] tail) {
    try {
      return new SequenceInputStream(
          Collections.enumeration(
              List.of(
                  new ByteArrayInputStream(head),
                  Files.newInputStream(file),
                  new ByteArrayInputStream(tail))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** GET on the REST front with the default key; the body as JSON (status must be 200). */
  JsonNode getJson(String path) {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return read(r.body());
  }

  /** GET on the REST front with the default key. */
  HttpResponse<String> get(String path) {
    return get(path, Duration.ofSeconds(30));
  }

  /** GET on the REST front with the default key; fails when not answered within {@code budget}. */
  HttpResponse<String> get(String path, Duration budget) {
    return send(
        HttpRequest.newBuilder(server.http().resolve(path))
            .header("Authorization", CourseportServerExtension.basic(CourseportServerExtension.KEY))
            .timeout(budget)
            .GET()
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Allocation counters of the server's import worker threads (same JVM as the tests). */
  static final class WorkerThreads {
    private WorkerThreads() {}

    /** Bytes allocated so far by all threads named {@code import-worker-*}. */
    static long allocatedBytes() {
      var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long sum = 0;
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().startsWith("import-worker-")) {
          sum += threads.getThreadAllocatedBytes(t.getId());
        }
      }
      return sum;
    }
  }
}
