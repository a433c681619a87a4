package org.courseport.client;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.courseport.api.v1.AdminServiceGrpc;
import org.courseport.api.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import org.courseport.api.v1.AdminServiceSetTenantPlanRequest;
import org.courseport.api.v1.AdminServiceSetTenantQuotaRequest;
import org.courseport.api.v1.ApiKey;
import org.courseport.api.v1.CreateApiKeyRequest;
import org.courseport.api.v1.CreateApiKeyResponse;
import org.courseport.api.v1.CreateTenantRequest;
import org.courseport.api.v1.GetTenantQuotaRequest;
import org.courseport.api.v1.GetTenantRequest;
import org.courseport.api.v1.ListApiKeysRequest;
import org.courseport.api.v1.ListTenantsRequest;
import org.courseport.api.v1.ListTenantsResponse;
import org.courseport.api.v1.QuotaStatus;
import org.courseport.api.v1.RevokeApiKeyRequest;
import org.courseport.api.v1.RotateApiKeyRequest;
import org.courseport.api.v1.RotateApiKeyResponse;
import org.courseport.api.v1.Tenant;

/** The AdminService calls (the caller's key needs the {@code admin} scope). */
public final class AdminCalls {
  private final Channel channel;
  private final Duration callTimeout;

  AdminCalls(Channel channel, Duration callTimeout) {
    this.channel = channel;
    this.callTimeout = callTimeout;
  }

  /** Creates a tenant; {@code tenantId} and {@code plan} may be empty (generated / default). */
  public Tenant createTenant(String tenantId, String name, String plan) {
    CreateTenantRequest.Builder r = CreateTenantRequest.newBuilder().setName(name);
    if (tenantId != null) {
      r.setTenantId(tenantId);
    }
    if (plan != null) {
      r.setPlan(plan);
    }
    return unary(s -> s.createTenant(r.build())).getTenant();
  }

  /** Every tenant, walking the pages. */
  public List<Tenant> listTenants() {
    List<Tenant> all = new ArrayList<>();
    String token = "";
    do {
      ListTenantsRequest request =
          ListTenantsRequest.newBuilder().setPageSize(100).setPageToken(token).build();
      ListTenantsResponse page = unary(s -> s.listTenants(request));
      all.addAll(page.getTenantsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return all;
  }

  /** One tenant by id or UUID. */
  public Tenant getTenant(String tenantId) {
    return unary(s -> s.getTenant(GetTenantRequest.newBuilder().setTenantId(tenantId).build()))
        .getTenant();
  }

  /** Creates a key; the answer holds its secret, shown only this once. */
  public CreateApiKeyResponse createKey(String tenantId, String name, List<String> scopes) {
    CreateApiKeyRequest.Builder r =
        CreateApiKeyRequest.newBuilder().setTenantId(tenantId).addAllScopes(scopes);
    if (name != null) {
      r.setName(name);
    }
    return unary(s -> s.createApiKey(r.build()));
  }

  /** A tenant's keys, oldest first, without secrets. */
  public List<ApiKey> listKeys(String tenantId) {
    return unary(s -> s.listApiKeys(ListApiKeysRequest.newBuilder().setTenantId(tenantId).build()))
        .getApiKeysList();
  }

  /** Rotates a key; {@code graceSeconds} null means the server's default. */
  public RotateApiKeyResponse rotateKey(String keyId, Long graceSeconds) {
    RotateApiKeyRequest.Builder r = RotateApiKeyRequest.newBuilder().setKeyId(keyId);
    if (graceSeconds != null) {
      r.setGraceSeconds(graceSeconds);
    }
    return unary(s -> s.rotateApiKey(r.build()));
  }

  /** Revokes a key at once. */
  public ApiKey revokeKey(String keyId) {
    return unary(s -> s.revokeApiKey(RevokeApiKeyRequest.newBuilder().setKeyId(keyId).build()))
        .getApiKey();
  }

  /** A tenant's quotas and usage. */
  public QuotaStatus getQuota(String tenantId) {
    return unary(
            s -> s.getTenantQuota(GetTenantQuotaRequest.newBuilder().setTenantId(tenantId).build()))
        .getQuota();
  }

  /** Overrides a tenant's quotas; a null keeps the current value. */
  public QuotaStatus setQuota(String tenantId, Long maxPackages, Long maxStoredBytes) {
    AdminServiceSetTenantQuotaRequest.Builder r =
        AdminServiceSetTenantQuotaRequest.newBuilder().setTenantId(tenantId);
    if (maxPackages != null) {
      r.setMaxPackages(maxPackages);
    }
    if (maxStoredBytes != null) {
      r.setMaxStoredBytes(maxStoredBytes);
    }
    return unary(s -> s.setTenantQuota(r.build())).getQuota();
  }

  /** Sets a tenant's plan (free or paid). */
  public Tenant setPlan(String tenantId, String plan) {
    return unary(
            s ->
                s.setTenantPlan(
                    AdminServiceSetTenantPlanRequest.newBuilder()
                        .setTenantId(tenantId)
                        .setPlan(plan)
                        .build()))
        .getTenant();
  }

  private <T> T unary(Function<AdminServiceBlockingStub, T> call) {
    AdminServiceBlockingStub stub =
        AdminServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return call.apply(stub);
    } catch (StatusRuntimeException e) {
      throw ErrorTable.toException(e);
    }
  }
}
