package org.courseport.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Empty;
import com.google.rpc.ErrorInfo;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.courseport.api.v1.GetWebhookEndpointRequest;
import org.courseport.api.v1.PutUploadBytesRequest;
import org.courseport.api.v1.PutUploadBytesResponse;
import org.courseport.api.v1.WebhookServiceGrpc;
import org.courseport.server.grpc.GrpcErrorMapper;
import org.courseport.server.testing.CapturedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scope check alone, in front of real generated services answering UNIMPLEMENTED: the calling
 * key's scopes come from a test header put into the context exactly where AuthInterceptor puts
 * them.
 */
class ScopeInterceptorTest {
  private static final Metadata.Key<String> TEST_SCOPES =
      Metadata.Key.of("x-test-scopes", Metadata.ASCII_STRING_MARSHALLER);

  private static final MethodDescriptor<Empty, Empty> UNLISTED =
      MethodDescriptor.<Empty, Empty>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("courseport.v1.UnlistedService/DoSomething")
          .setRequestMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
          .build();

  private final ConcurrentLinkedQueue<String> reached = new ConcurrentLinkedQueue<>();
  private Server server;
  private ManagedChannel channel;

  /** Puts the header's scopes into the context, as AuthInterceptor does with the key's. */
  private static final class TestKey implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String scopes = headers.get(TEST_SCOPES);
      if (scopes == null) {
        return next.startCall(call, headers);
      }
      Set<String> held =
          Arrays.stream(scopes.split(",")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
      Context context =
          Context.current()
              .withValues(
                  TenantContext.TENANT_ID, "t1",
                  TenantContext.KEY_ID, "k1",
                  TenantContext.SCOPES, held);
      return Contexts.interceptCall(context, call, headers, next);
    }
  }

  @BeforeEach
  void start() throws IOException {
    ScopeInterceptor scopes =
        new ScopeInterceptor(MethodScopes.table(), GrpcErrorMapper::toStatusException);
    ServerServiceDefinition unlisted =
        ServerServiceDefinition.builder("courseport.v1.UnlistedService")
            .addMethod(
                UNLISTED,
                ServerCalls.asyncUnaryCall(
                    (req, out) -> {
                      reached.add("unlisted");
                      out.onNext(req);
                      out.onCompleted();
                    }))
            .build();
    ServerServiceDefinition open =
        ServerServiceDefinition.builder(org.courseport.api.v1.PackageServiceGrpc.SERVICE_NAME)
            .addMethod(
                org.courseport.api.v1.PackageServiceGrpc.getPutUploadBytesMethod(),
                ServerCalls.asyncClientStreamingCall(
                    out ->
                        new io.grpc.stub.StreamObserver<PutUploadBytesRequest>() {
                          @Override
                          public void onNext(PutUploadBytesRequest value) {}

                          @Override
                          public void onError(Throwable t) {}

                          @Override
                          public void onCompleted() {
                            reached.add("put");
                            out.onNext(PutUploadBytesResponse.getDefaultInstance());
                            out.onCompleted();
                          }
                        }))
            .build();
    String name = "scopes-" + UUID.randomUUID();
    server =
        InProcessServerBuilder.forName(name)
            .addService(
                ServerInterceptors.intercept(
                    new WebhookServiceGrpc.WebhookServiceImplBase() {}, scopes, new TestKey()))
            .addService(ServerInterceptors.intercept(unlisted, scopes, new TestKey()))
            .addService(ServerInterceptors.intercept(open, scopes, new TestKey()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private WebhookServiceGrpc.WebhookServiceBlockingStub webhooks(String scopes) {
    Metadata m = new Metadata();
    m.put(TEST_SCOPES, scopes);
    return WebhookServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
  }

  private static StatusRuntimeException getEndpoint(
      WebhookServiceGrpc.WebhookServiceBlockingStub s) {
    return catchThrowableOfType(
        StatusRuntimeException.class,
        () -> s.getWebhookEndpoint(GetWebhookEndpointRequest.getDefaultInstance()));
  }

  private static ErrorInfo info(StatusRuntimeException e) {
    com.google.rpc.Status rich = StatusProto.fromThrowable(e);
    assertThat(rich).as("rich status").isNotNull();
    try {
      return rich.getDetails(0).unpack(ErrorInfo.class);
    } catch (com.google.protobuf.InvalidProtocolBufferException x) {
      throw new AssertionError(x);
    }
  }

  @Test
  void keyWithoutTheScope_isRefusedNamingTheScope() {
    StatusRuntimeException e = getEndpoint(webhooks("write:webhook,read:course,delete:webhook"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getStatus().getDescription())
        .isEqualTo(
            "This API key lacks the scope 'read:webhook' that WebhookService/GetWebhookEndpoint"
                + " requires (a key holding 'read:webhook' or 'read').");
    ErrorInfo info = info(e);
    assertThat(info.getReason()).isEqualTo(ScopeInterceptor.INSUFFICIENT_SCOPE);
    assertThat(info.getDomain()).isEqualTo(GrpcErrorMapper.DOMAIN);
    assertThat(info.getMetadataMap()).containsEntry("required_scope", "read:webhook");
  }

  @Test
  void adminScopeDoesNotGrantTenantMethods() {
    StatusRuntimeException e = getEndpoint(webhooks("admin"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(info(e).getReason()).isEqualTo(ScopeInterceptor.INSUFFICIENT_SCOPE);
  }

  @Test
  void theExactScopeOrTheBareAction_passesToTheService() {
    for (String held : new String[] {"read:webhook", "read", "read:course,read:webhook"}) {
      StatusRuntimeException e = getEndpoint(webhooks(held));
      assertThat(e.getStatus().getCode()).as(held).isEqualTo(Status.Code.UNIMPLEMENTED);
    }
  }

  @Test
  void noKeyInContext_isRefused() {
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                WebhookServiceGrpc.newBlockingStub(channel)
                    .getWebhookEndpoint(GetWebhookEndpointRequest.getDefaultInstance()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void methodMissingFromTheTable_isRefusedAndLogged() {
    Metadata m = new Metadata();
    m.put(TEST_SCOPES, "read,write,delete,admin");
    try (CapturedLogs logs = CapturedLogs.open()) {
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  ClientCalls.blockingUnaryCall(
                      channel, UNLISTED, io.grpc.CallOptions.DEFAULT, Empty.getDefaultInstance()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(info(e).getReason()).isEqualTo(ScopeInterceptor.UNDECLARED_METHOD);
      assertThat(e.getStatus().getDescription())
          .contains("courseport.v1.UnlistedService/DoSomething");
      assertThat(logs.text()).contains("courseport.v1.UnlistedService/DoSomething");
    }
    assertThat(reached).doesNotContain("unlisted");
  }

  @Test
  void openMethod_runsWithoutAKey() {
    PutUploadBytesResponse answer =
        ClientCalls.blockingUnaryCall(
            channel,
            org.courseport.api.v1.PackageServiceGrpc.getPutUploadBytesMethod().toBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .build(),
            io.grpc.CallOptions.DEFAULT,
            PutUploadBytesRequest.getDefaultInstance());
    assertThat(answer).isNotNull();
    assertThat(reached).contains("put");
  }

  @Test
  void table_rulesAreActionAreaAdminOrOpen() {
    MethodScopes.table()
        .all()
        .forEach(
            (method, rule) -> {
              if (rule.open()) {
                assertThat(rule.openReason()).as(method).isNotBlank();
              } else if (method.startsWith("courseport.v1.AdminService/")) {
                assertThat(rule.scope()).as(method).isEqualTo("admin");
              } else {
                assertThat(rule.scope()).as(method).matches("(read|write|delete):[a-z]+");
              }
            });
    assertThat(MethodScopes.table().openMethods())
        .containsExactlyInAnyOrder(
            "courseport.v1.PackageService/PutUploadBytes",
            "courseport.v1.PackageService/SetTenantQuota",
            "courseport.v1.PackageService/SetTenantPlan",
            "courseport.v1.ExportService/GetLessonExportFile",
            "courseport.v1.ExportService/DownloadCourseExport",
            "courseport.v1.ExportService/GetSharePage",
            "courseport.v1.ExportService/DownloadContentExport");
  }
}
