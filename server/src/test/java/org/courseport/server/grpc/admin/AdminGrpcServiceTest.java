package org.courseport.server.grpc.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.courseport.api.v1.AdminServiceGrpc;
import org.courseport.api.v1.AdminServiceSetTenantPlanRequest;
import org.courseport.api.v1.AdminServiceSetTenantQuotaRequest;
import org.courseport.api.v1.ApiKey;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.CreateApiKeyRequest;
import org.courseport.api.v1.CreateApiKeyResponse;
import org.courseport.api.v1.CreateTenantRequest;
import org.courseport.api.v1.GetCoursesRequest;
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
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.testing.AdjustableClock;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AdminService through the real server's in-process gRPC channel, on a clock the test moves. */
class AdminGrpcServiceTest {
  static final AdjustableClock clock = new AdjustableClock(Instant.parse("2026-03-01T12:00:00Z"));

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension()
          .withClock(clock)
          .with("COURSEPORT_KEY_ROTATION_GRACE_SECONDS", "3600");

  static AdminServiceGrpc.AdminServiceBlockingStub admin() {
    return admin(CourseportServerExtension.KEY);
  }

  static AdminServiceGrpc.AdminServiceBlockingStub admin(String key) {
    return AdminServiceGrpc.newBlockingStub(server.inProcessChannel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(key)));
  }

  static Metadata auth(String key) {
    Metadata m = new Metadata();
    m.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        CourseportServerExtension.basic(key));
    return m;
  }

  /** Whether {@code key} authenticates a tenant call (GetCourses). */
  static Status.Code tenantCall(String key) {
    try {
      CourseServiceGrpc.newBlockingStub(server.inProcessChannel())
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(key)))
          .getCourses(GetCoursesRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  static String newTenantId() {
    return "acme-" + UUID.randomUUID();
  }

  static Tenant createTenant(String id) {
    return admin()
        .createTenant(
            CreateTenantRequest.newBuilder().setTenantId(id).setName("Acme " + id).build())
        .getTenant();
  }

  static ErrorInfo errorInfo(StatusRuntimeException e) {
    return StatusProto.fromThrowable(e).getDetailsList().stream()
        .filter(a -> a.is(ErrorInfo.class))
        .map(
            a -> {
              try {
                return a.unpack(ErrorInfo.class);
              } catch (Exception x) {
                throw new AssertionError(x);
              }
            })
        .findFirst()
        .orElseThrow();
  }

  static Document keyDocument(String keyId) {
    return server
        .server()
        .services()
        .store()
        .database()
        .getCollection(MongoStore.API_KEYS)
        .find(new Document("keyId", keyId))
        .first();
  }

  @Test
  void createTenant_thenGet_byIdAndByUuid() {
    String id = newTenantId();
    Tenant created =
        admin()
            .createTenant(
                CreateTenantRequest.newBuilder()
                    .setTenantId(id)
                    .setName("Acme Learning")
                    .setPlan("paid")
                    .build())
            .getTenant();

    assertThat(created.getTenantId()).isEqualTo(id);
    assertThat(created.getName()).isEqualTo("Acme Learning");
    assertThat(created.getPlan()).isEqualTo("paid");
    assertThat(UUID.fromString(created.getUuid())).isNotNull();
    assertThat(created.getCreateTime().getSeconds()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(admin().getTenant(GetTenantRequest.newBuilder().setTenantId(id).build()).getTenant())
        .isEqualTo(created);
    assertThat(
            admin()
                .getTenant(GetTenantRequest.newBuilder().setTenantId(created.getUuid()).build())
                .getTenant())
        .isEqualTo(created);
  }

  @Test
  void createTenant_generatesAnId_andRefusesDuplicatesAndBadInput() {
    Tenant generated =
        admin().createTenant(CreateTenantRequest.newBuilder().setName("No id").build()).getTenant();
    assertThat(generated.getTenantId()).matches("t-[a-z2-9]{20}");
    assertThat(generated.getPlan()).isEqualTo("free");

    String id = newTenantId();
    createTenant(id);
    assertThatThrownBy(() -> createTenant(id))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
              assertThat(errorInfo(e).getReason()).isEqualTo("TENANT_EXISTS");
            });
    assertThatThrownBy(
            () ->
                admin()
                    .createTenant(
                        CreateTenantRequest.newBuilder().setTenantId("../x").setName("n").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(errorInfo(e).getReason()).isEqualTo("TENANT_ID_INVALID");
              assertThat(e.getStatus().getDescription()).contains("'../x'");
            });
    assertThatThrownBy(
            () ->
                admin()
                    .createTenant(
                        CreateTenantRequest.newBuilder().setName("n").setPlan("gold").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(errorInfo(e).getReason()).isEqualTo("PLAN_INVALID"));
    assertThatThrownBy(
            () -> admin().getTenant(GetTenantRequest.newBuilder().setTenantId("nobody").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(errorInfo(e).getReason()).isEqualTo("TENANT_NOT_FOUND");
            });
  }

  @Test
  void listTenants_pagesThroughEveryTenantOnce() {
    for (int i = 0; i < 5; i++) {
      createTenant("list-" + i + "-" + UUID.randomUUID());
    }
    List<String> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListTenantsResponse page =
          admin()
              .listTenants(
                  ListTenantsRequest.newBuilder().setPageSize(2).setPageToken(token).build());
      assertThat(page.getTenantsCount()).isBetween(1, 2);
      page.getTenantsList().forEach(t -> seen.add(t.getTenantId()));
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty() && pages < 100);

    assertThat(seen).doesNotHaveDuplicates().isSorted().contains("default");
    assertThat(seen).hasSize((int) server.server().services().tenants().countTenants());
    assertThatThrownBy(
            () -> admin().listTenants(ListTenantsRequest.newBuilder().setPageToken("!!").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(errorInfo(e).getReason()).isEqualTo("INVALID_PAGE_TOKEN"));
  }

  @Test
  void createApiKey_showsTheSecretOnce_storesOnlyAHash_andTheKeyWorks() {
    String tenant = createTenant(newTenantId()).getTenantId();
    CreateApiKeyResponse created =
        admin()
            .createApiKey(
                CreateApiKeyRequest.newBuilder()
                    .setTenantId(tenant)
                    .setName("ci")
                    .addScopes(" READ:Course ")
                    .addScopes("write")
                    .build());

    ApiKey key = created.getApiKey();
    assertThat(key.getTenantId()).isEqualTo(tenant);
    assertThat(key.getName()).isEqualTo("ci");
    assertThat(key.getScopesList()).containsExactly("read:course", "write");
    assertThat(key.getRevoked()).isFalse();
    assertThat(created.getSecret()).hasSize(43);
    assertThat(created.getCredentials()).isEqualTo(key.getKeyId() + ":" + created.getSecret());

    Document doc = keyDocument(key.getKeyId());
    assertThat(doc.getString("secretHash")).startsWith("pbkdf2-sha256$");
    assertThat(doc.toJson()).doesNotContain(created.getSecret());
    assertThat(doc.getString("tenantId")).isEqualTo(tenant);

    List<ApiKey> listed =
        admin()
            .listApiKeys(ListApiKeysRequest.newBuilder().setTenantId(tenant).build())
            .getApiKeysList();
    assertThat(listed).containsExactly(key);
    assertThat(listed.get(0).toString())
        .doesNotContain(created.getSecret())
        .doesNotContain("pbkdf2");

    assertThat(tenantCall(created.getCredentials())).isEqualTo(Status.Code.OK);
  }

  @Test
  void createApiKey_defaultScopes_andUnknownScopeIsNamed() {
    String tenant = createTenant(newTenantId()).getTenantId();
    CreateApiKeyResponse plain =
        admin().createApiKey(CreateApiKeyRequest.newBuilder().setTenantId(tenant).build());
    assertThat(plain.getApiKey().getScopesList()).containsExactly("delete", "read", "write");

    assertThatThrownBy(
            () ->
                admin()
                    .createApiKey(
                        CreateApiKeyRequest.newBuilder()
                            .setTenantId(tenant)
                            .addScopes("read")
                            .addScopes("read:courses")
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("'read:courses'");
              assertThat(errorInfo(e).getReason()).isEqualTo("SCOPE_INVALID");
              assertThat(errorInfo(e).getMetadataMap()).containsEntry("scope", "read:courses");
            });
    assertThat(
            admin()
                .listApiKeys(ListApiKeysRequest.newBuilder().setTenantId(tenant).build())
                .getApiKeysCount())
        .as("nothing stored for the refused key")
        .isEqualTo(1);
    assertThatThrownBy(
            () ->
                admin()
                    .createApiKey(CreateApiKeyRequest.newBuilder().setTenantId("nobody").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void rotateApiKey_oldSecretWorksInsideTheGrace_andIsRefusedAfter() {
    String tenant = createTenant(newTenantId()).getTenantId();
    CreateApiKeyResponse created =
        admin().createApiKey(CreateApiKeyRequest.newBuilder().setTenantId(tenant).build());
    String oldCredentials = created.getCredentials();
    String oldHash = keyDocument(created.getApiKey().getKeyId()).getString("secretHash");
    assertThat(tenantCall(oldCredentials)).isEqualTo(Status.Code.OK);

    RotateApiKeyResponse rotated =
        admin()
            .rotateApiKey(
                RotateApiKeyRequest.newBuilder().setKeyId(created.getApiKey().getKeyId()).build());

    assertThat(rotated.getSecret()).isNotEqualTo(created.getSecret()).hasSize(43);
    assertThat(rotated.getApiKey().getPreviousSecretExpireTime().getSeconds())
        .as("the configured default grace: 3600 s")
        .isEqualTo(clock.instant().plusSeconds(3600).getEpochSecond());
    Document doc = keyDocument(created.getApiKey().getKeyId());
    assertThat(doc.getString("previousSecretHash")).isEqualTo(oldHash);
    assertThat(doc.getString("secretHash")).isNotEqualTo(oldHash).startsWith("pbkdf2-sha256$");
    assertThat(doc.toJson()).doesNotContain(rotated.getSecret());

    assertThat(tenantCall(rotated.getCredentials())).isEqualTo(Status.Code.OK);
    assertThat(tenantCall(oldCredentials)).as("inside the grace").isEqualTo(Status.Code.OK);
    clock.advance(Duration.ofSeconds(3599));
    assertThat(tenantCall(oldCredentials)).isEqualTo(Status.Code.OK);
    clock.advance(Duration.ofSeconds(1));
    assertThat(tenantCall(oldCredentials)).as("grace over").isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(tenantCall(rotated.getCredentials())).isEqualTo(Status.Code.OK);
  }

  @Test
  void rotateApiKey_withZeroGrace_refusesTheOldSecretAtOnce_andValidatesTheGrace() {
    String tenant = createTenant(newTenantId()).getTenantId();
    CreateApiKeyResponse created =
        admin().createApiKey(CreateApiKeyRequest.newBuilder().setTenantId(tenant).build());
    String keyId = created.getApiKey().getKeyId();

    RotateApiKeyResponse rotated =
        admin()
            .rotateApiKey(
                RotateApiKeyRequest.newBuilder().setKeyId(keyId).setGraceSeconds(0).build());
    assertThat(tenantCall(created.getCredentials())).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(tenantCall(rotated.getCredentials())).isEqualTo(Status.Code.OK);

    assertThatThrownBy(
            () ->
                admin()
                    .rotateApiKey(
                        RotateApiKeyRequest.newBuilder()
                            .setKeyId(keyId)
                            .setGraceSeconds(-1)
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(errorInfo(e).getReason()).isEqualTo("GRACE_INVALID"));
    assertThatThrownBy(
            () -> admin().rotateApiKey(RotateApiKeyRequest.newBuilder().setKeyId("NOPE").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(errorInfo(e).getReason()).isEqualTo("KEY_NOT_FOUND"));
  }

  @Test
  void revokeApiKey_refusesTheNextCallAtOnce_evenInsideARotationGrace() {
    String tenant = createTenant(newTenantId()).getTenantId();
    CreateApiKeyResponse created =
        admin().createApiKey(CreateApiKeyRequest.newBuilder().setTenantId(tenant).build());
    String keyId = created.getApiKey().getKeyId();
    RotateApiKeyResponse rotated =
        admin().rotateApiKey(RotateApiKeyRequest.newBuilder().setKeyId(keyId).build());
    assertThat(tenantCall(created.getCredentials())).isEqualTo(Status.Code.OK);
    assertThat(tenantCall(rotated.getCredentials())).isEqualTo(Status.Code.OK);

    ApiKey revoked =
        admin().revokeApiKey(RevokeApiKeyRequest.newBuilder().setKeyId(keyId).build()).getApiKey();

    assertThat(revoked.getRevoked()).isTrue();
    assertThat(revoked.getRevokeTime().getSeconds()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(keyDocument(keyId).getDate("revokedAt")).isNotNull();
    assertThat(tenantCall(rotated.getCredentials())).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(tenantCall(created.getCredentials())).isEqualTo(Status.Code.UNAUTHENTICATED);
    // Again: answered unchanged; a revoked key cannot be rotated back to life.
    assertThat(
            admin()
                .revokeApiKey(RevokeApiKeyRequest.newBuilder().setKeyId(keyId).build())
                .getApiKey())
        .isEqualTo(revoked);
    assertThatThrownBy(
            () -> admin().rotateApiKey(RotateApiKeyRequest.newBuilder().setKeyId(keyId).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(errorInfo(e).getReason()).isEqualTo("KEY_REVOKED");
            });
    assertThat(
            admin()
                .listApiKeys(ListApiKeysRequest.newBuilder().setTenantId(tenant).build())
                .getApiKeys(0)
                .getRevoked())
        .isTrue();
  }

  @Test
  void revokeApiKey_refusesTheLastLiveAdminKey() {
    String tenant = createTenant(newTenantId()).getTenantId();
    CreateApiKeyResponse second =
        admin()
            .createApiKey(
                CreateApiKeyRequest.newBuilder().setTenantId(tenant).addScopes("admin").build());
    String bootstrapId = CourseportServerExtension.KEY.split(":")[0];
    long liveAdmins = server.server().services().tenants().countLiveKeysWithScope("admin");

    // Revoke every other admin key, then the last one is refused.
    AdminServiceGrpc.AdminServiceBlockingStub admin = admin();
    for (String tenantId : allTenantIds()) {
      for (ApiKey k :
          admin
              .listApiKeys(ListApiKeysRequest.newBuilder().setTenantId(tenantId).build())
              .getApiKeysList()) {
        if (!k.getRevoked()
            && k.getScopesList().contains("admin")
            && !k.getKeyId().equals(bootstrapId)) {
          admin.revokeApiKey(RevokeApiKeyRequest.newBuilder().setKeyId(k.getKeyId()).build());
        }
      }
    }
    assertThat(liveAdmins).isGreaterThanOrEqualTo(2);
    assertThat(tenantCall(second.getCredentials())).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThatThrownBy(
            () ->
                admin.revokeApiKey(RevokeApiKeyRequest.newBuilder().setKeyId(bootstrapId).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(errorInfo(e).getReason()).isEqualTo("LAST_ADMIN_KEY");
            });
    assertThat(tenantCall(CourseportServerExtension.KEY)).isEqualTo(Status.Code.OK);
  }

  @Test
  void quotasAndPlans_areReadAndSet() {
    Tenant t = createTenant(newTenantId());
    QuotaStatus initial =
        admin()
            .getTenantQuota(GetTenantQuotaRequest.newBuilder().setTenantId(t.getTenantId()).build())
            .getQuota();
    assertThat(initial.getPackages()).isZero();
    assertThat(initial.getStoredBytes()).isZero();

    QuotaStatus set =
        admin()
            .setTenantQuota(
                AdminServiceSetTenantQuotaRequest.newBuilder()
                    .setTenantId(t.getUuid())
                    .setMaxPackages(7)
                    .build())
            .getQuota();
    assertThat(set.getTenantId()).isEqualTo(t.getTenantId());
    assertThat(set.getMaxPackages()).isEqualTo(7);
    assertThat(set.getMaxStoredBytes()).isEqualTo(initial.getMaxStoredBytes());
    assertThat(
            admin()
                .getTenantQuota(
                    GetTenantQuotaRequest.newBuilder().setTenantId(t.getTenantId()).build())
                .getQuota()
                .getMaxPackages())
        .isEqualTo(7);
    assertThatThrownBy(
            () ->
                admin()
                    .setTenantQuota(
                        AdminServiceSetTenantQuotaRequest.newBuilder()
                            .setTenantId(t.getTenantId())
                            .setMaxStoredBytes(-1)
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(errorInfo(e).getReason()).isEqualTo("QUOTA_INVALID"));

    Tenant paid =
        admin()
            .setTenantPlan(
                AdminServiceSetTenantPlanRequest.newBuilder()
                    .setTenantId(t.getTenantId())
                    .setPlan("paid")
                    .build())
            .getTenant();
    assertThat(paid.getPlan()).isEqualTo("paid");
    assertThat(server.server().services().tenantPlans().planOf(t.getTenantId()).wireName())
        .isEqualTo("paid");
    assertThatThrownBy(
            () ->
                admin()
                    .setTenantPlan(
                        AdminServiceSetTenantPlanRequest.newBuilder()
                            .setTenantId(t.getTenantId())
                            .setPlan("gold")
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(errorInfo(e).getReason()).isEqualTo("PLAN_INVALID");
            });
  }

  @Test
  void aKeyWithoutTheAdminScope_isRefusedEveryAdminCall() {
    String tenant = createTenant(newTenantId()).getTenantId();
    String plain =
        admin()
            .createApiKey(
                CreateApiKeyRequest.newBuilder()
                    .setTenantId(tenant)
                    .addScopes("read")
                    .addScopes("write")
                    .addScopes("delete")
                    .build())
            .getCredentials();
    assertThat(tenantCall(plain)).isEqualTo(Status.Code.OK);

    assertThatThrownBy(() -> admin(plain).listTenants(ListTenantsRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    assertThatThrownBy(
            () ->
                admin(plain)
                    .createApiKey(
                        CreateApiKeyRequest.newBuilder()
                            .setTenantId(tenant)
                            .addScopes("admin")
                            .build()))
        .as("a tenant key cannot mint itself an admin key")
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    assertThat(
            admin()
                .listApiKeys(ListApiKeysRequest.newBuilder().setTenantId(tenant).build())
                .getApiKeysCount())
        .isEqualTo(1);
  }

  @Test
  void adminCallsNeedCredentials() {
    assertThatThrownBy(
            () ->
                AdminServiceGrpc.newBlockingStub(server.inProcessChannel())
                    .listTenants(ListTenantsRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  static List<String> allTenantIds() {
    List<String> ids = new ArrayList<>();
    String token = "";
    do {
      ListTenantsResponse page =
          admin()
              .listTenants(
                  ListTenantsRequest.newBuilder().setPageSize(100).setPageToken(token).build());
      page.getTenantsList().forEach(t -> ids.add(t.getTenantId()));
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return ids;
  }
}
