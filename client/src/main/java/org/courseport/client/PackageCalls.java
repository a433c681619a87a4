package org.courseport.client;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.courseport.api.v1.CoursePackage;
import org.courseport.api.v1.GetPackageRequest;
import org.courseport.api.v1.GetResumableUploadStatusRequest;
import org.courseport.api.v1.GetResumableUploadStatusResponse;
import org.courseport.api.v1.ListPackagesRequest;
import org.courseport.api.v1.ListPackagesResponse;
import org.courseport.api.v1.OpenResumableUploadRequest;
import org.courseport.api.v1.OpenResumableUploadResponse;
import org.courseport.api.v1.PackageServiceGrpc;
import org.courseport.api.v1.PackageServiceGrpc.PackageServiceBlockingStub;
import org.courseport.api.v1.ProcessPackageRequest;
import org.courseport.api.v1.ProcessPackageResponse;

/**
 * The PackageService calls (the Allure package API over gRPC): the resumable upload, processing of
 * a stored upload, and reading packages.
 */
public final class PackageCalls {
  private final Channel channel;
  private final Duration callTimeout;

  PackageCalls(Channel channel, Duration callTimeout) {
    this.channel = channel;
    this.callTimeout = callTimeout;
  }

  /**
   * A resumable upload of {@code zip}: {@link ResumableUpload#run()} opens it, sends the bytes and
   * continues by itself after a broken connection.
   */
  public ResumableUpload resumableUpload(Path zip) {
    return new ResumableUpload(this, channel, zip);
  }

  /** Opens a resumable upload ({@code tenantId} may be empty: the answer names the tenant). */
  public OpenResumableUploadResponse openResumableUpload(
      String tenantId, String uploadedBy, String fileName, long fileSize, String sha256) {
    OpenResumableUploadRequest request =
        OpenResumableUploadRequest.newBuilder()
            .setTenantId(tenantId)
            .setUploadedBy(uploadedBy)
            .setFilename(fileName)
            .setFileSize(fileSize)
            .setSha256(sha256)
            .build();
    return unary(callTimeout, s -> s.openResumableUpload(request));
  }

  /**
   * The bytes the server holds of an upload. Waits for the connection to come back (up to the call
   * timeout) rather than failing at once: it is the first call after a broken one.
   */
  public GetResumableUploadStatusResponse resumableUploadStatus(String uploadId) {
    GetResumableUploadStatusRequest request =
        GetResumableUploadStatusRequest.newBuilder().setUploadId(uploadId).build();
    return unary(callTimeout, s -> s.withWaitForReady().getResumableUploadStatus(request));
  }

  /**
   * Processes a completed upload into a new package, or a new revision of {@code packageId} (empty
   * for a new package); with {@code validateOnly} only validates. Waits up to {@code timeout}.
   */
  public ProcessPackageResponse process(
      String tenantId,
      String storagePath,
      String originalFileName,
      String packageId,
      boolean validateOnly,
      String uploadedBy,
      Duration timeout) {
    ProcessPackageRequest request =
        ProcessPackageRequest.newBuilder()
            .setTenantId(tenantId)
            .setStoragePath(storagePath)
            .setOriginalFilename(originalFileName)
            .setPackageId(packageId == null ? "" : packageId)
            .setValidateOnly(validateOnly)
            .setUploadedBy(uploadedBy)
            .build();
    return unary(timeout, s -> s.processPackage(request));
  }

  /** A package in its current revision. */
  public CoursePackage get(String packageId) {
    GetPackageRequest request = GetPackageRequest.newBuilder().setPackageId(packageId).build();
    return unary(callTimeout, s -> s.getPackage(request));
  }

  /**
   * Starts (or resumes) a tracked launch session of a package for a user; the answer's {@code
   * launch_url} opens the player on the content origin without credentials.
   */
  public org.courseport.api.v1.PackageLaunchResponse launch(
      org.courseport.api.v1.LaunchPackageRequest request) {
    return unary(callTimeout, s -> s.launchPackage(request));
  }

  /** A launch session's progress. */
  public org.courseport.api.v1.LaunchSessionProgress session(String packageId, String sessionId) {
    org.courseport.api.v1.GetLaunchSessionRequest request =
        org.courseport.api.v1.GetLaunchSessionRequest.newBuilder()
            .setPackageId(packageId)
            .setSessionId(sessionId)
            .build();
    return unary(callTimeout, s -> s.getLaunchSession(request));
  }

  /** The caller's tenant: its UUID (the {@code tenant_id} of other calls), quotas and usage. */
  public org.courseport.api.v1.CurrentTenant currentTenant() {
    return unary(
        callTimeout,
        s ->
            s.getCurrentTenant(org.courseport.api.v1.GetCurrentTenantRequest.getDefaultInstance()));
  }

  /** One page of the tenant's packages, newest first ({@code pageToken} empty for the first). */
  public ListPackagesResponse list(String tenantId, int pageSize, String pageToken) {
    ListPackagesRequest request =
        ListPackagesRequest.newBuilder()
            .setTenantId(tenantId)
            .setPageSize(pageSize)
            .setPageToken(pageToken)
            .build();
    return unary(callTimeout, s -> s.listPackages(request));
  }

  Duration callTimeout() {
    return callTimeout;
  }

  private <T> T unary(Duration timeout, Function<PackageServiceBlockingStub, T> call) {
    PackageServiceBlockingStub stub =
        PackageServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return call.apply(stub);
    } catch (StatusRuntimeException e) {
      throw ErrorTable.toException(e);
    }
  }

  /** Reads a file to compute its SHA-256 (hex). */
  static String sha256(Path file) throws IOException {
    java.security.MessageDigest digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
    byte[] buffer = new byte[1024 * 1024];
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }
}
