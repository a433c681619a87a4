package org.courseport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.courseport.client.testing.FakeCourseService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CourseportClientBuilderTest {

  @Test
  void build_withoutApiKey_isRejected() {
    assertThatThrownBy(() -> CourseportClient.builder().target("localhost:9090").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("API key");
  }

  @Test
  void build_withoutTargetOrChannel_isRejected() {
    assertThatThrownBy(() -> CourseportClient.builder().apiKey(new ApiKey("a", "b")).build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void callTimeout_zero_isRejected() {
    assertThatThrownBy(() -> CourseportClient.builder().callTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void connect_overPlaintextNetty_sendsAuthorizationAndStreamsTheUpload(@TempDir Path dir)
      throws Exception {
    FakeCourseService remote = new FakeCourseService();
    List<String> authorizations = new CopyOnWriteArrayList<>();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(ServerInterceptors.intercept(remote, recordAuthorization(authorizations)))
            .build()
            .start();
    byte[] content = new byte[3 * 1024 * 1024];
    new Random(1).nextBytes(content);
    Path zip = Files.write(dir.resolve("golf.zip"), content);
    try (CourseportClient netty =
        CourseportClient.connect("127.0.0.1:" + server.getPort(), new ApiKey("app", "s3cret"))) {
      assertThat(netty.uploadAndImport(zip, UploadOptions.forCourse("golf"), ProgressListener.NONE))
          .isEqualTo("job-1");
    } finally {
      server.shutdownNow();
    }

    assertThat(authorizations).containsExactly("Basic YXBwOnMzY3JldA==");
    assertThat(remote.uploadMessages).hasSize(1 + 48);
  }

  private static ServerInterceptor recordAuthorization(List<String> sink) {
    Metadata.Key<String> key = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    return new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        sink.add(headers.get(key));
        return next.startCall(call, headers);
      }
    };
  }
}
