package org.courseport.client;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.CourseServiceGrpc.CourseServiceBlockingStub;
import org.courseport.api.v1.CreateUploadAndImportCourseJobRequest;
import org.courseport.api.v1.GetCourseAssetRequest;
import org.courseport.api.v1.GetCourseZipRequest;
import org.courseport.api.v1.GetImportJobStatusRequest;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.api.v1.StringResult;
import org.courseport.api.v1.UploadMetadata;
import org.courseport.api.v1.ValidatePackageRequest;
import org.courseport.api.v1.ValidationReport;

/**
 * Client of Courseport's CourseService, one method per RPC: streaming imports, validation and
 * downloads here, the unary course calls inherited. Every call carries the API key; failures
 * surface as {@link CourseportException} subclasses.
 */
public final class CourseportClient extends UnaryCourseCalls implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final boolean ownsChannel;
  private final String target;
  private final Channel authenticated;
  private final Duration callTimeout;
  private final ImportPoller poller;

  CourseportClient(CourseportClientBuilder builder, ManagedChannel channel, boolean ownsChannel) {
    this.channel = channel;
    this.ownsChannel = ownsChannel;
    this.target = builder.target();
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, builder.apiKey().authorizationValue());
    this.authenticated =
        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    this.callTimeout = builder.callTimeout();
    this.poller =
        new ImportPoller(this::getImportJobStatus, builder.pollInitial(), builder.pollMax());
  }

  /** Starts building a client: give it a target or a channel, and an API key. */
  public static CourseportClientBuilder builder() {
    return new CourseportClientBuilder();
  }

  /** A plaintext client for {@code host:port}; closing it shuts its channel down. */
  public static CourseportClient connect(String target, ApiKey key) {
    return builder().target(target).apiKey(key).build();
  }

  /** The target this client talks to, for messages ({@code host:port} or the channel authority). */
  public String target() {
    return target != null ? target : channel.authority();
  }

  /**
   * Streams a package to the server and starts its import; returns the import job id as soon as the
   * server has stored the bytes. The file is read chunk by chunk as the transport accepts it.
   */
  public String uploadAndImport(Path zip, UploadOptions opts, ProgressListener listener)
      throws IOException {
    long size = Files.size(zip);
    UploadMetadata metadata =
        UploadMetadata.newBuilder()
            .setCourseId(opts.courseId())
            .setMayCreateNewVersion(opts.mayCreateNewVersion())
            .setFileName(zip.getFileName().toString())
            .setUploadedContentType(opts.contentType())
            .setPostbackUrl(opts.postbackUrl())
            .setSize(size)
            .build();
    CreateUploadAndImportCourseJobRequest first =
        CreateUploadAndImportCourseJobRequest.newBuilder().setMetadata(metadata).build();
    try (FileChannel source = FileChannel.open(zip)) {
      ChunkedUpload<CreateUploadAndImportCourseJobRequest, StringResult> upload =
          new ChunkedUpload<>(
              source,
              size,
              first,
              bytes -> CreateUploadAndImportCourseJobRequest.newBuilder().setChunk(bytes).build(),
              listener);
      CourseServiceGrpc.newStub(authenticated).createUploadAndImportCourseJob(upload);
      return upload.await().getResult();
    }
  }

  /** Validates a package without storing it, streaming it like an upload. */
  public ValidationReport validate(Path zip, ProgressListener listener) throws IOException {
    long size = Files.size(zip);
    ValidatePackageRequest first =
        ValidatePackageRequest.newBuilder().setFileName(zip.getFileName().toString()).build();
    try (FileChannel source = FileChannel.open(zip)) {
      ChunkedUpload<ValidatePackageRequest, ValidationReport> upload =
          new ChunkedUpload<>(
              source,
              size,
              first,
              bytes -> ValidatePackageRequest.newBuilder().setChunk(bytes).build(),
              listener);
      CourseServiceGrpc.newStub(authenticated).validatePackage(upload);
      return upload.await();
    }
  }

  /** Starts an import job that fetches the package from {@code url}; returns the job id. */
  public String fetchAndImport(String url, UploadOptions opts) {
    return unary(s -> s.createFetchAndImportCourseJob(Requests.fetch(url, opts))).getResult();
  }

  /** The current state of an import job. */
  public ImportJobResult getImportJobStatus(String jobId) {
    GetImportJobStatusRequest request =
        GetImportJobStatusRequest.newBuilder().setImportJobId(jobId).build();
    return unary(s -> s.getImportJobStatus(request));
  }

  /**
   * Polls the job with backoff until it is no longer RUNNING and returns its final state (COMPLETE
   * or ERROR); throws {@link DeadlineExceededException} if it still runs after {@code timeout}.
   */
  public ImportJobResult waitForImport(String jobId, Duration timeout) {
    return poller.waitFor(jobId, timeout);
  }

  /**
   * Downloads the stored package zip of a course version (latest when empty) to {@code target}, or
   * into it under the server's file name when it is a directory; returns the file written.
   */
  public Path downloadZip(String courseId, OptionalInt version, Path target) throws IOException {
    GetCourseZipRequest.Builder request = GetCourseZipRequest.newBuilder().setCourseId(courseId);
    version.ifPresent(request::setVersionId);
    return new FileDownload(target, courseId + ".zip")
        .run(() -> streaming().getCourseZip(request.build()));
  }

  /** Downloads one file of a course package to {@code target} (or into it, if a directory). */
  public Path downloadAsset(String courseId, OptionalInt version, String relativePath, Path target)
      throws IOException {
    GetCourseAssetRequest.Builder request =
        GetCourseAssetRequest.newBuilder().setCourseId(courseId).setRelativePath(relativePath);
    version.ifPresent(request::setVersionId);
    String fallback = Path.of(relativePath.replace('\\', '/')).getFileName().toString();
    return new FileDownload(target, fallback)
        .run(() -> streaming().getCourseAsset(request.build()));
  }

  /** The media library and widget calls, over the same authenticated channel. */
  public MediaCalls media() {
    return new MediaCalls(authenticated, callTimeout);
  }

  /** The AdminService calls (tenants, keys, quotas, plans), over the same authenticated channel. */
  public AdminCalls admin() {
    return new AdminCalls(authenticated, callTimeout);
  }

  /** The webhook endpoint calls, over the same authenticated channel. */
  public WebhookCalls webhooks() {
    return new WebhookCalls(authenticated, callTimeout);
  }

  /**
   * The PackageService calls (the Allure package API): resumable uploads, processing, packages;
   * over the same authenticated channel.
   */
  public PackageCalls packages() {
    return new PackageCalls(authenticated, callTimeout);
  }

  /**
   * LearningStudio's course export (SCORM packages with a download URL), over the same
   * authenticated channel; an export may take a while, so its deadline is at least two minutes.
   */
  public CourseExportCalls courseExports() {
    return new CourseExportCalls(
        authenticated,
        callTimeout.compareTo(java.time.Duration.ofMinutes(2)) > 0
            ? callTimeout
            : java.time.Duration.ofMinutes(2));
  }

  /** The course authoring calls (courses from lessons), over the same authenticated channel. */
  public AuthoringCalls authoring() {
    return new AuthoringCalls(authenticated, callTimeout);
  }

  /** The lesson calls, over the same authenticated channel. */
  public LessonCalls lessons() {
    return new LessonCalls(authenticated, callTimeout);
  }

  /** Closes the channel if this client created it; a channel passed in stays the caller's. */
  @Override
  public void close() {
    if (!ownsChannel) {
      return;
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private CourseServiceBlockingStub streaming() {
    return CourseServiceGrpc.newBlockingStub(authenticated);
  }

  @Override
  <T> T unary(UnaryCall<T> call) {
    CourseServiceBlockingStub stub =
        CourseServiceGrpc.newBlockingStub(authenticated)
            .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return call.invoke(stub);
    } catch (StatusRuntimeException e) {
      throw ErrorTable.toException(e);
    }
  }
}
