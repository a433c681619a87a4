package org.courseport.server.grpc.coursepackage;

import com.google.protobuf.Timestamp;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import org.courseport.api.v1.CompleteMultipartUploadRequest;
import org.courseport.api.v1.CompleteMultipartUploadResponse;
import org.courseport.api.v1.CoursePackage;
import org.courseport.api.v1.CreatePartUploadUrlRequest;
import org.courseport.api.v1.CreatePartUploadUrlResponse;
import org.courseport.api.v1.CreateUploadUrlRequest;
import org.courseport.api.v1.CreateUploadUrlResponse;
import org.courseport.api.v1.CurrentTenant;
import org.courseport.api.v1.GetCurrentTenantRequest;
import org.courseport.api.v1.GetLaunchSessionRequest;
import org.courseport.api.v1.GetPackageRequest;
import org.courseport.api.v1.GetResumableUploadStatusRequest;
import org.courseport.api.v1.GetResumableUploadStatusResponse;
import org.courseport.api.v1.InitMultipartUploadRequest;
import org.courseport.api.v1.InitMultipartUploadResponse;
import org.courseport.api.v1.LaunchPackageRequest;
import org.courseport.api.v1.LaunchSessionProgress;
import org.courseport.api.v1.ListPackageVersionsRequest;
import org.courseport.api.v1.ListPackageVersionsResponse;
import org.courseport.api.v1.ListPackagesRequest;
import org.courseport.api.v1.ListPackagesResponse;
import org.courseport.api.v1.OpenResumableUploadRequest;
import org.courseport.api.v1.OpenResumableUploadResponse;
import org.courseport.api.v1.PackageLaunchResponse;
import org.courseport.api.v1.PackageServiceGrpc;
import org.courseport.api.v1.ProcessPackageRequest;
import org.courseport.api.v1.ProcessPackageResponse;
import org.courseport.api.v1.PutUploadBytesRequest;
import org.courseport.api.v1.PutUploadBytesResponse;
import org.courseport.api.v1.SetTenantPlanRequest;
import org.courseport.api.v1.SetTenantQuotaRequest;
import org.courseport.api.v1.TenantPlan;
import org.courseport.api.v1.TenantQuota;
import org.courseport.api.v1.UpdatePackageRequest;
import org.courseport.api.v1.WriteResumableUploadRequest;
import org.courseport.api.v1.WriteResumableUploadResponse;
import org.courseport.server.auth.TenantContext;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.coursepackage.MultipartUploads;
import org.courseport.server.domain.coursepackage.PackageCatalog;
import org.courseport.server.domain.coursepackage.PresignedUploads;
import org.courseport.server.domain.coursepackage.Quotas;
import org.courseport.server.domain.coursepackage.ResumableUploads;
import org.courseport.server.domain.coursepackage.TenantDirectory;
import org.courseport.server.domain.coursepackage.UploadSlot;
import org.courseport.server.domain.tenant.Plan;
import org.courseport.server.domain.tenant.TenantPlans;
import org.courseport.server.grpc.Calls;
import org.courseport.server.launch.Launches;

/** The Allure package API: one thin adapter over {@link PackageCatalog} and uploads. */
public final class PackageGrpcService extends PackageServiceGrpc.PackageServiceImplBase {

  private final PackageCatalog packages;
  private final PresignedUploads uploads;
  private final MultipartUploads multipart;
  private final ResumableUploads resumable;
  private final Quotas quotas;
  private final TenantDirectory tenants;
  private final AdminToken admin;
  private final int pageSize;
  private final TenantPlans plans;
  private final Launches launches;

  /** Without launches: LaunchPackage and GetLaunchSession answer UNIMPLEMENTED. */
  public PackageGrpcService(
      PackageCatalog packages,
      PresignedUploads uploads,
      MultipartUploads multipart,
      ResumableUploads resumable,
      Quotas quotas,
      TenantDirectory tenants,
      String adminToken,
      int pageSize,
      TenantPlans plans) {
    this(
        packages,
        uploads,
        multipart,
        resumable,
        quotas,
        tenants,
        adminToken,
        pageSize,
        plans,
        null);
  }

  /**
   * With launches: tracked launch sessions.
   *
   * @param launches the launch service; null leaves the launch RPCs UNIMPLEMENTED
   */
  public PackageGrpcService(
      PackageCatalog packages,
      PresignedUploads uploads,
      MultipartUploads multipart,
      ResumableUploads resumable,
      Quotas quotas,
      TenantDirectory tenants,
      String adminToken,
      int pageSize,
      TenantPlans plans,
      Launches launches) {
    this.launches = launches;
    this.packages = packages;
    this.uploads = uploads;
    this.multipart = multipart;
    this.resumable = resumable;
    this.quotas = quotas;
    this.tenants = tenants;
    this.admin = new AdminToken(adminToken);
    this.pageSize = pageSize;
    this.plans = plans;
  }

  /**
   * The service definition with the admin token capture, and resumable upload chunks that alias
   * their message's bytes ({@link AliasingChunkMarshaller}); bind this, not {@code this}.
   */
  public ServerServiceDefinition definition() {
    return ServerInterceptors.intercept(AliasingChunkMarshaller.install(bindService()), admin);
  }

  @Override
  public void setTenantQuota(SetTenantQuotaRequest request, StreamObserver<TenantQuota> response) {
    Calls.unary(
        response,
        () -> {
          admin.check();
          String tenant =
              tenants
                  .tenantIdOf(request.getTenantId())
                  .orElseThrow(
                      () ->
                          DomainException.notFound(
                              "TENANT_NOT_FOUND",
                              "No tenant has tenant_id '" + request.getTenantId() + "'."));
          Quotas.Limits limits =
              quotas.override(
                  tenant,
                  request.hasMaxPackages() ? request.getMaxPackages() : null,
                  request.hasMaxStoredBytes() ? request.getMaxStoredBytes() : null);
          return TenantQuota.newBuilder()
              .setTenantId(request.getTenantId())
              .setMaxPackages(limits.maxPackages())
              .setMaxStoredBytes(limits.maxBytes())
              .build();
        });
  }

  /** Sets a tenant's plan (operator's admin token); takes effect at the tenant's next request. */
  @Override
  public void setTenantPlan(SetTenantPlanRequest request, StreamObserver<TenantPlan> response) {
    Calls.unary(
        response,
        () -> {
          admin.check();
          String tenant =
              tenants
                  .tenantIdOf(request.getTenantId())
                  .orElseThrow(
                      () ->
                          DomainException.notFound(
                              "TENANT_NOT_FOUND",
                              "No tenant has tenant_id '" + request.getTenantId() + "'."));
          Plan plan = plans.set(tenant, request.getPlan());
          return TenantPlan.newBuilder()
              .setTenantId(request.getTenantId())
              .setPlan(plan.wireName())
              .build();
        });
  }

  @Override
  public void getCurrentTenant(
      GetCurrentTenantRequest request, StreamObserver<CurrentTenant> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          Quotas.Limits limits = quotas.limits(tenant);
          Quotas.Usage usage = quotas.usage(tenant);
          return CurrentTenant.newBuilder()
              .setTenantId(tenants.uuidOf(tenant))
              .setMaxPackages(limits.maxPackages())
              .setMaxStoredBytes(limits.maxBytes())
              .setPackages(usage.packages())
              .setStoredBytes(usage.storedBytes())
              .build();
        });
  }

  @Override
  public void createUploadUrl(
      CreateUploadUrlRequest request, StreamObserver<CreateUploadUrlResponse> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          String uuid = packages.checkTenant(tenant, request.getTenantId(), true);
          PresignedUploads.Minted minted =
              uploads.mint(
                  tenant,
                  uuid,
                  request.getUploadedBy(),
                  request.getFilename(),
                  request.getFileSize());
          Instant expires = minted.slot().expires();
          return CreateUploadUrlResponse.newBuilder()
              .setUploadId(minted.slot().uploadId())
              .setPresignedUrl(minted.url())
              .putRequiredPutHeaders("Content-Type", PresignedUploads.ZIP)
              .setStoragePath(minted.slot().storagePath())
              .setExpiresAt(Timestamp.newBuilder().setSeconds(expires.getEpochSecond()))
              .setExpiresIn(Math.max(0, expires.getEpochSecond() - Instant.now().getEpochSecond()))
              .build();
        });
  }

  @Override
  public StreamObserver<PutUploadBytesRequest> putUploadBytes(
      StreamObserver<PutUploadBytesResponse> response) {
    return new PutBytesHandler(uploads, multipart, response);
  }

  @Override
  public void processPackage(
      ProcessPackageRequest request, StreamObserver<ProcessPackageResponse> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          packages.checkTenant(tenant, request.getTenantId(), true);
          return PackageProtoMapper.processed(
              packages.process(
                  tenant,
                  request.getStoragePath(),
                  request.getOriginalFilename(),
                  request.getPackageId(),
                  request.getValidateOnly()),
              request.getValidateOnly());
        });
  }

  @Override
  public void listPackages(
      ListPackagesRequest request, StreamObserver<ListPackagesResponse> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          packages.checkTenant(tenant, request.getTenantId(), true);
          PackageCatalog.Page page =
              packages.list(tenant, request.getPageSize(), request.getPageToken(), pageSize);
          return ListPackagesResponse.newBuilder()
              .addAllPackages(page.packages().stream().map(PackageProtoMapper::toProto).toList())
              .setNextPageToken(page.nextPageToken())
              .build();
        });
  }

  @Override
  public void getPackage(GetPackageRequest request, StreamObserver<CoursePackage> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          packages.checkTenant(tenant, request.getTenantId(), false);
          return PackageProtoMapper.toProto(packages.get(tenant, request.getPackageId()));
        });
  }

  @Override
  public void updatePackage(UpdatePackageRequest request, StreamObserver<CoursePackage> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          packages.checkTenant(tenant, request.getTenantId(), false);
          List<String> tags = request.hasTags() ? PackageProtoMapper.tags(request.getTags()) : null;
          return PackageProtoMapper.toProto(
              packages.update(
                  tenant,
                  request.getPackageId(),
                  request.hasDescription() ? request.getDescription() : null,
                  request.hasDuration() ? request.getDuration() : null,
                  tags,
                  request.hasCustomMetadata()
                      ? PackageProtoMapper.json(request.getCustomMetadata())
                      : null));
        });
  }

  @Override
  public void listPackageVersions(
      ListPackageVersionsRequest request, StreamObserver<ListPackageVersionsResponse> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          String uuid = packages.checkTenant(tenant, request.getTenantId(), false);
          ListPackageVersionsResponse.Builder b = ListPackageVersionsResponse.newBuilder();
          packages
              .versions(tenant, request.getPackageId())
              .forEach(v -> b.addVersions(PackageProtoMapper.revision(v, uuid)));
          return b.build();
        });
  }

  @Override
  public void initMultipartUpload(
      InitMultipartUploadRequest request, StreamObserver<InitMultipartUploadResponse> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          String uuid = packages.checkTenant(tenant, request.getTenantId(), true);
          MultipartUploads.Started started =
              multipart.init(
                  tenant,
                  uuid,
                  request.getUploadedBy(),
                  request.getFilename(),
                  request.getFileSize());
          return InitMultipartUploadResponse.newBuilder()
              .setUploadId(started.slot().uploadId())
              .setStoragePath(started.slot().storagePath())
              .setPartSize(started.partSize())
              .setTotalParts(started.totalParts())
              .build();
        });
  }

  @Override
  public void createPartUploadUrl(
      CreatePartUploadUrlRequest request, StreamObserver<CreatePartUploadUrlResponse> response) {
    Calls.unary(
        response,
        () -> {
          MultipartUploads.PartUrl url =
              multipart.partUrl(
                  TenantContext.tenantId(), request.getUploadId(), request.getPartNumber());
          return CreatePartUploadUrlResponse.newBuilder()
              .setPartNumber(url.partNumber())
              .setUrl(url.url())
              .setExpiresIn(url.expiresIn())
              .build();
        });
  }

  @Override
  public void completeMultipartUpload(
      CompleteMultipartUploadRequest request,
      StreamObserver<CompleteMultipartUploadResponse> response) {
    Calls.unary(
        response,
        () -> {
          MultipartUploads.Completed done =
              multipart.complete(
                  TenantContext.tenantId(),
                  request.getUploadId(),
                  request.getPartsList().stream()
                      .map(p -> new MultipartUploads.Part(p.getPartNumber(), p.getEtag()))
                      .toList());
          return CompleteMultipartUploadResponse.newBuilder()
              .setUploadId(done.slot().uploadId())
              .setStoragePath(done.slot().storagePath())
              .setSize(done.size())
              .build();
        });
  }

  @Override
  public void openResumableUpload(
      OpenResumableUploadRequest request, StreamObserver<OpenResumableUploadResponse> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          String uuid = packages.checkTenant(tenant, request.getTenantId(), false);
          UploadSlot slot =
              resumable.open(
                  tenant,
                  uuid,
                  request.getUploadedBy(),
                  request.getFilename(),
                  request.getFileSize(),
                  request.getSha256());
          return OpenResumableUploadResponse.newBuilder()
              .setUploadId(slot.uploadId())
              .setStoragePath(slot.storagePath())
              .setTenantId(uuid)
              .setFileSize(slot.declaredSize())
              .setExpiresAt(timestamp(slot.expires()))
              .build();
        });
  }

  @Override
  public void getResumableUploadStatus(
      GetResumableUploadStatusRequest request,
      StreamObserver<GetResumableUploadStatusResponse> response) {
    Calls.unary(
        response,
        () -> {
          ResumableUploads.Status status =
              resumable.status(TenantContext.tenantId(), request.getUploadId());
          return GetResumableUploadStatusResponse.newBuilder()
              .setUploadId(status.slot().uploadId())
              .setCommittedBytes(status.committedBytes())
              .setFileSize(status.slot().declaredSize())
              .setComplete(status.complete())
              .setStoragePath(status.slot().storagePath())
              .setWriting(status.writing())
              .setExpiresAt(timestamp(status.slot().expires()))
              .build();
        });
  }

  @Override
  public StreamObserver<WriteResumableUploadRequest> writeResumableUpload(
      StreamObserver<WriteResumableUploadResponse> response) {
    return new ResumableWriteHandler(resumable, TenantContext.tenantId(), response);
  }

  @Override
  public void launchPackage(
      LaunchPackageRequest request, StreamObserver<PackageLaunchResponse> response) {
    if (launches == null) {
      super.launchPackage(request, response);
      return;
    }
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          packages.checkTenant(tenant, request.getTenantId(), false);
          Launches.TrackedLaunch launch =
              launches.launch(
                  tenant,
                  request.getPackageId(),
                  request.getUserId(),
                  request.getSessionId(),
                  request.getUserName(),
                  request.getRedirectOnExitUrl());
          Instant expires = launch.link().expiresAt();
          return PackageLaunchResponse.newBuilder()
              .setLaunchUrl(launch.link().url())
              .setSessionId(launch.session().sessionId())
              .setPackageId(request.getPackageId())
              .setRevision(launch.version() + 1)
              .setExpiresAt(timestamp(expires))
              .setExpiresIn((int) Math.max(0, launch.link().lifetimeSeconds()))
              .setResumed(launch.resumed())
              .build();
        });
  }

  @Override
  public void getLaunchSession(
      GetLaunchSessionRequest request, StreamObserver<LaunchSessionProgress> response) {
    if (launches == null) {
      super.getLaunchSession(request, response);
      return;
    }
    Calls.unary(
        response,
        () -> {
          String tenant = TenantContext.tenantId();
          packages.checkTenant(tenant, request.getTenantId(), false);
          return PackageProtoMapper.progress(
              launches.session(tenant, request.getPackageId(), request.getSessionId()));
        });
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).build();
  }
}
