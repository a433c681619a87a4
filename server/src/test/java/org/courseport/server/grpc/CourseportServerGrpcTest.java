package org.courseport.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.courseport.server.grpc.GrpcFixtures.blobPath;
import static org.courseport.server.grpc.GrpcFixtures.download;
import static org.courseport.server.grpc.GrpcFixtures.importCourse;
import static org.courseport.server.grpc.GrpcFixtures.metadata;
import static org.courseport.server.testing.CourseportServerExtension.KEY;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseServiceGrpc;
import org.courseport.api.v1.CourseServiceGrpc.CourseServiceBlockingStub;
import org.courseport.api.v1.GetCourseAssetRequest;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.GetCourseZipRequest;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.api.v1.GetImportJobStatusRequest;
import org.courseport.api.v1.ValidatePackageRequest;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gRPC port as a whole: authentication of every RPC kind, health and reflection. */
class CourseportServerGrpcTest {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  @Test
  void everyRpcKind_withoutCredentials_returnsUnauthenticated() {
    importCourse(server, KEY, "guarded", TestPackages.scorm12("Guarded"));

    assertRejected(null);
  }

  @Test
  void everyRpcKind_wrongSecret_returnsUnauthenticated() {
    assertRejected(CourseportServerExtension.basic("test-app:wrong-secret"));
  }

  @Test
  void everyRpcKind_unknownKeyOrMalformedHeader_returnsUnauthenticated() {
    assertRejected(CourseportServerExtension.basic("nobody:test-secret"));
    assertRejected("Basic !!!not-base64!!!");
    assertRejected("Bearer test-app");
    assertRejected("Token " + KEY);
  }

  @Test
  void upload_withoutCredentials_storesNothing() {
    byte[] zip = TestPackages.scorm12("Never stored");
    var anonymous = CourseServiceGrpc.newStub(server.channel());

    assertUnauthenticated(
        () ->
            clientStream(
                anonymous::createUploadAndImportCourseJob,
                GrpcFixtures.uploadMessages(metadata("anonymous"), zip)));

    assertThat(blobPath(server, zip)).doesNotExist();
    assertThat(server.filesUnder("blobs/tmp")).isEmpty();
  }

  @Test
  void bearerIdAndSecret_isAcceptedLikeBasic() {
    importCourse(server, KEY, "bearer", TestPackages.scorm12("Bearer"));
    CourseServiceBlockingStub bearer = stub("Bearer " + KEY);

    Course course = bearer.getCourse(GetCourseRequest.newBuilder().setCourseId("bearer").build());
    var zip =
        download(
            bearer.getCourseZip(GetCourseZipRequest.newBuilder().setCourseId("bearer").build()));

    assertThat(course.getTitle()).isEqualTo("Bearer");
    assertThat(zip.bytes()).isNotEmpty();
    assertThat(
            stub("bearer " + KEY)
                .getCourses(GetCoursesRequest.getDefaultInstance())
                .getCoursesList())
        .extracting(Course::getId)
        .contains("bearer");
  }

  @Test
  void bearer_reachesTheSameTenantAsBasic() {
    String other = server.newTenant();
    importCourse(server, other, "bearer-tenant", TestPackages.scorm12("Other tenant"));

    assertThat(
            stub("Bearer " + other)
                .getCourses(GetCoursesRequest.getDefaultInstance())
                .getCoursesList())
        .extracting(Course::getId)
        .containsExactly("bearer-tenant");
  }

  @Test
  void health_reportsServingWithoutCredentials() {
    HealthCheckResponse response =
        HealthGrpc.newBlockingStub(server.channel())
            .check(HealthCheckRequest.newBuilder().setService("").build());
    HealthCheckResponse named =
        HealthGrpc.newBlockingStub(server.channel())
            .check(
                HealthCheckRequest.newBuilder().setService("courseport.v1.CourseService").build());

    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(named.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void reflection_listsCourseServiceAndDescribesIt() throws Exception {
    List<ServerReflectionResponse> responses =
        reflect(
            List.of(
                ServerReflectionRequest.newBuilder().setListServices("*").build(),
                ServerReflectionRequest.newBuilder()
                    .setFileContainingSymbol("courseport.v1.CourseService")
                    .build()));

    assertThat(responses.get(0).getListServicesResponse().getServiceList())
        .extracting(ServiceResponse::getName)
        .contains("courseport.v1.CourseService", "grpc.health.v1.Health");
    var files = responses.get(1).getFileDescriptorResponse().getFileDescriptorProtoList();
    assertThat(files).isNotEmpty();
    var descriptor =
        com.google.protobuf.DescriptorProtos.FileDescriptorProto.parseFrom(files.get(0));
    assertThat(descriptor.getName()).isEqualTo("courseport/v1/course_service.proto");
    assertThat(descriptor.getService(0).getMethodList())
        .extracting(m -> m.getName())
        .contains(
            "CreateUploadAndImportCourseJob", "GetCourses", "GetCourseZip", "ValidatePackage");
  }

  // --- helpers

  /** Every kind of RPC sent with this authorization value (none when null) fails the same way. */
  private void assertRejected(String authorization) {
    CourseServiceBlockingStub blocking = stub(authorization);
    var async =
        authorization == null
            ? CourseServiceGrpc.newStub(server.channel())
            : CourseServiceGrpc.newStub(server.channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header(authorization)));

    assertUnauthenticated(() -> blocking.getCourses(GetCoursesRequest.getDefaultInstance()));
    assertUnauthenticated(
        () ->
            blocking.getImportJobStatus(
                GetImportJobStatusRequest.newBuilder().setImportJobId("x").build()));
    assertUnauthenticated(
        () ->
            download(
                blocking.getCourseZip(
                    GetCourseZipRequest.newBuilder().setCourseId("guarded").build())));
    assertUnauthenticated(
        () ->
            download(
                blocking.getCourseAsset(
                    GetCourseAssetRequest.newBuilder()
                        .setCourseId("guarded")
                        .setRelativePath("index.html")
                        .build())));
    assertUnauthenticated(
        () ->
            clientStream(
                async::createUploadAndImportCourseJob,
                GrpcFixtures.uploadMessages(
                    metadata("guarded-upload"), TestPackages.scorm12("U"))));
    assertUnauthenticated(
        () ->
            clientStream(
                async::validatePackage,
                List.of(
                    ValidatePackageRequest.newBuilder().setFileName("v.zip").build(),
                    ValidatePackageRequest.newBuilder()
                        .setChunk(ByteString.copyFrom(TestPackages.scorm12("V")))
                        .build())));
  }

  /** Sends the messages as one client stream and throws whatever the call ends with. */
  private static <Q, R> void clientStream(
      Function<StreamObserver<R>, StreamObserver<Q>> call, List<Q> messages) throws Throwable {
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    StreamObserver<Q> out = call.apply(observer(failure));
    messages.forEach(out::onNext);
    out.onCompleted();
    throw failure.get(30, TimeUnit.SECONDS);
  }

  private void assertUnauthenticated(ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).isInstanceOf(StatusRuntimeException.class);
    Status status = ((StatusRuntimeException) t).getStatus();
    assertThat(status.getCode()).as(status.toString()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status.getDescription()).isEqualTo("Authorization Required.");
    // Through the one error mapper, like every other failure: google.rpc.Status with ErrorInfo.
    com.google.rpc.Status details = StatusProto.fromThrowable(t);
    assertThat(details).as("grpc-status-details-bin").isNotNull();
    assertThat(details.getDetailsList()).hasSize(1);
    ErrorInfo info = unpack(details.getDetails(0));
    assertThat(info.getReason()).isEqualTo("UNAUTHENTICATED");
    assertThat(info.getDomain()).isEqualTo(GrpcErrorMapper.DOMAIN);
  }

  private static ErrorInfo unpack(com.google.protobuf.Any any) {
    try {
      return any.unpack(ErrorInfo.class);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static CourseServiceBlockingStub stub(String authorization) {
    CourseServiceBlockingStub stub = CourseServiceGrpc.newBlockingStub(server.channel());
    return authorization == null
        ? stub
        : stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header(authorization)));
  }

  private static Metadata header(String authorization) {
    Metadata m = new Metadata();
    m.put(AUTHORIZATION, authorization);
    return m;
  }

  private static <T> StreamObserver<T> observer(CompletableFuture<Throwable> failure) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        failure.completeExceptionally(new AssertionError("unexpected response " + value));
      }

      @Override
      public void onError(Throwable t) {
        failure.complete(t);
      }

      @Override
      public void onCompleted() {
        failure.completeExceptionally(new AssertionError("completed without error"));
      }
    };
  }

  private static List<ServerReflectionResponse> reflect(List<ServerReflectionRequest> requests)
      throws Exception {
    List<ServerReflectionResponse> responses = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    var out =
        ServerReflectionGrpc.newStub(server.channel())
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse value) {
                    synchronized (responses) {
                      responses.add(value);
                    }
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    done.complete(null);
                  }
                });
    requests.forEach(out::onNext);
    out.onCompleted();
    done.get(30, TimeUnit.SECONDS);
    return responses;
  }
}
