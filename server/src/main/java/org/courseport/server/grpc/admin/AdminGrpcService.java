package org.courseport.server.grpc.admin;

import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import org.courseport.api.v1.AdminServiceGrpc;
import org.courseport.api.v1.AdminServiceSetTenantPlanRequest;
import org.courseport.api.v1.AdminServiceSetTenantPlanResponse;
import org.courseport.api.v1.AdminServiceSetTenantQuotaRequest;
import org.courseport.api.v1.AdminServiceSetTenantQuotaResponse;
import org.courseport.api.v1.CreateApiKeyRequest;
import org.courseport.api.v1.CreateApiKeyResponse;
import org.courseport.api.v1.CreateTenantRequest;
import org.courseport.api.v1.CreateTenantResponse;
import org.courseport.api.v1.GetTenantQuotaRequest;
import org.courseport.api.v1.GetTenantQuotaResponse;
import org.courseport.api.v1.GetTenantRequest;
import org.courseport.api.v1.GetTenantResponse;
import org.courseport.api.v1.ListApiKeysRequest;
import org.courseport.api.v1.ListApiKeysResponse;
import org.courseport.api.v1.ListTenantsRequest;
import org.courseport.api.v1.ListTenantsResponse;
import org.courseport.api.v1.QuotaStatus;
import org.courseport.api.v1.RevokeApiKeyRequest;
import org.courseport.api.v1.RevokeApiKeyResponse;
import org.courseport.api.v1.RotateApiKeyRequest;
import org.courseport.api.v1.RotateApiKeyResponse;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.coursepackage.Quotas;
import org.courseport.server.domain.coursepackage.TenantDirectory;
import org.courseport.server.domain.tenant.Tenant;
import org.courseport.server.domain.tenant.TenantAdmin;
import org.courseport.server.domain.tenant.TenantPlans;
import org.courseport.server.grpc.Calls;

/**
 * The gRPC adapter of AdminService: maps requests, calls {@link TenantAdmin}, {@link Quotas} and
 * {@link TenantPlans}, maps back. The {@code admin} scope every method needs is enforced by the
 * scope interceptor from its one table, not here. A tenant is named by its id or its public UUID.
 */
public final class AdminGrpcService extends AdminServiceGrpc.AdminServiceImplBase {
  private final TenantAdmin admin;
  private final TenantDirectory directory;
  private final Quotas quotas;
  private final TenantPlans plans;

  public AdminGrpcService(
      TenantAdmin admin, TenantDirectory directory, Quotas quotas, TenantPlans plans) {
    this.admin = admin;
    this.directory = directory;
    this.quotas = quotas;
    this.plans = plans;
  }

  @Override
  public void createTenant(CreateTenantRequest r, StreamObserver<CreateTenantResponse> response) {
    Calls.unary(
        response,
        () -> {
          Tenant t = admin.createTenant(r.getTenantId(), r.getName(), r.getPlan());
          return CreateTenantResponse.newBuilder().setTenant(proto(t)).build();
        });
  }

  @Override
  public void listTenants(ListTenantsRequest r, StreamObserver<ListTenantsResponse> response) {
    Calls.unary(
        response,
        () -> {
          int size = AdminProtoMapper.pageSize(r.getPageSize());
          List<Tenant> page = admin.listTenants(AdminProtoMapper.after(r.getPageToken()), size + 1);
          ListTenantsResponse.Builder b = ListTenantsResponse.newBuilder();
          page.stream().limit(size).forEach(t -> b.addTenants(proto(t)));
          if (page.size() > size) {
            b.setNextPageToken(AdminProtoMapper.token(page.get(size - 1).id()));
          }
          return b.build();
        });
  }

  @Override
  public void getTenant(GetTenantRequest r, StreamObserver<GetTenantResponse> response) {
    Calls.unary(
        response,
        () ->
            GetTenantResponse.newBuilder()
                .setTenant(proto(admin.tenant(resolve(r.getTenantId()))))
                .build());
  }

  @Override
  public void createApiKey(CreateApiKeyRequest r, StreamObserver<CreateApiKeyResponse> response) {
    Calls.unary(
        response,
        () -> {
          TenantAdmin.IssuedKey issued =
              admin.createKey(resolve(r.getTenantId()), r.getName(), r.getScopesList());
          return CreateApiKeyResponse.newBuilder()
              .setApiKey(AdminProtoMapper.toProto(issued.key()))
              .setSecret(issued.secret())
              .setCredentials(issued.credentials())
              .build();
        });
  }

  @Override
  public void listApiKeys(ListApiKeysRequest r, StreamObserver<ListApiKeysResponse> response) {
    Calls.unary(
        response,
        () -> {
          ListApiKeysResponse.Builder b = ListApiKeysResponse.newBuilder();
          admin.listKeys(resolve(r.getTenantId())).stream()
              .map(AdminProtoMapper::toProto)
              .forEach(b::addApiKeys);
          return b.build();
        });
  }

  @Override
  public void rotateApiKey(RotateApiKeyRequest r, StreamObserver<RotateApiKeyResponse> response) {
    Calls.unary(
        response,
        () -> {
          Duration grace = r.hasGraceSeconds() ? Duration.ofSeconds(r.getGraceSeconds()) : null;
          TenantAdmin.IssuedKey issued = admin.rotateKey(r.getKeyId(), grace);
          return RotateApiKeyResponse.newBuilder()
              .setApiKey(AdminProtoMapper.toProto(issued.key()))
              .setSecret(issued.secret())
              .setCredentials(issued.credentials())
              .build();
        });
  }

  @Override
  public void revokeApiKey(RevokeApiKeyRequest r, StreamObserver<RevokeApiKeyResponse> response) {
    Calls.unary(
        response,
        () ->
            RevokeApiKeyResponse.newBuilder()
                .setApiKey(AdminProtoMapper.toProto(admin.revokeKey(r.getKeyId())))
                .build());
  }

  @Override
  public void getTenantQuota(
      GetTenantQuotaRequest r, StreamObserver<GetTenantQuotaResponse> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = resolve(r.getTenantId());
          return GetTenantQuotaResponse.newBuilder()
              .setQuota(quota(tenant, quotas.limits(tenant)))
              .build();
        });
  }

  @Override
  public void setTenantQuota(
      AdminServiceSetTenantQuotaRequest r,
      StreamObserver<AdminServiceSetTenantQuotaResponse> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = resolve(r.getTenantId());
          Quotas.Limits limits =
              quotas.override(
                  tenant,
                  r.hasMaxPackages() ? r.getMaxPackages() : null,
                  r.hasMaxStoredBytes() ? r.getMaxStoredBytes() : null);
          return AdminServiceSetTenantQuotaResponse.newBuilder()
              .setQuota(quota(tenant, limits))
              .build();
        });
  }

  @Override
  public void setTenantPlan(
      AdminServiceSetTenantPlanRequest r,
      StreamObserver<AdminServiceSetTenantPlanResponse> response) {
    Calls.unary(
        response,
        () -> {
          String tenant = resolve(r.getTenantId());
          plans.set(tenant, r.getPlan());
          return AdminServiceSetTenantPlanResponse.newBuilder()
              .setTenant(proto(admin.tenant(tenant)))
              .build();
        });
  }

  private QuotaStatus quota(String tenant, Quotas.Limits limits) {
    Quotas.Usage usage = quotas.usage(tenant);
    return QuotaStatus.newBuilder()
        .setTenantId(tenant)
        .setMaxPackages(limits.maxPackages())
        .setMaxStoredBytes(limits.maxBytes())
        .setPackages(usage.packages())
        .setStoredBytes(usage.storedBytes())
        .build();
  }

  private org.courseport.api.v1.Tenant proto(Tenant t) {
    return AdminProtoMapper.toProto(t, directory.uuidOf(t.id()), plans.planOf(t.id()));
  }

  /**
   * The internal id of the tenant named by its id or its public UUID; INVALID_ARGUMENT when empty,
   * NOT_FOUND TENANT_NOT_FOUND when neither names one.
   */
  private String resolve(String idOrUuid) {
    if (idOrUuid == null || idOrUuid.isBlank()) {
      throw DomainException.invalid("TENANT_ID_REQUIRED", "tenant_id is required");
    }
    return admin
        .findTenant(idOrUuid)
        .map(Tenant::id)
        .or(() -> directory.tenantIdOf(idOrUuid))
        .orElseThrow(
            () -> DomainException.notFound("TENANT_NOT_FOUND", "No tenant '" + idOrUuid + "'."));
  }
}
