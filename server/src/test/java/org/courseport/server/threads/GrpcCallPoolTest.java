package org.courseport.server.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.server.CourseportServer;
import org.courseport.server.config.ServerConfig;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Through the real gRPC server on its network port: concurrent calls run on the server's own call
 * pool ({@code COURSEPORT_GRPC_THREADS}), never on more threads than configured, and a wrong
 * setting stops the start.
 */
class GrpcCallPoolTest {
  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension().with("COURSEPORT_GRPC_THREADS", "3");

  private static long callThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive())
        .filter(t -> t.getName().startsWith(CourseportServer.GRPC_CALL_THREAD_PREFIX))
        .count();
  }

  @Test
  void concurrentCalls_runOnAtMostTheConfiguredThreads() throws Exception {
    var stub = server.networkBlocking(CourseportServerExtension.KEY);
    List<Thread> clients = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int c = 0; c < 12; c++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 20; i++) {
                    stub.withDeadlineAfter(60, TimeUnit.SECONDS)
                        .getCourses(GetCoursesRequest.getDefaultInstance());
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              });
      clients.add(t);
      t.start();
    }
    for (Thread t : clients) {
      t.join(TimeUnit.MINUTES.toMillis(2));
    }
    assertThat(failure.get()).isNull();
    // The calls ran there (at least one thread), and never on more than the bound.
    assertThat(callThreads()).isBetween(1L, 3L);
  }

  @Test
  void theSettingIsChecked() {
    assertThat(ServerConfig.fromEnvironment(Map.of()).grpcThreads()).isEqualTo(32);
    for (String wrong : List.of("0", "-1", "1025", "many")) {
      assertThatThrownBy(
              () -> ServerConfig.fromEnvironment(Map.of("COURSEPORT_GRPC_THREADS", wrong)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("COURSEPORT_GRPC_THREADS");
    }
  }

  @Test
  void thePoolNamesItsThreadsAndEndsThemWhenShutDown() throws Exception {
    ForkJoinPool pool = BlockingPools.calls("pool-test", 2);
    AtomicReference<String> name = new AtomicReference<>();
    pool.submit(() -> name.set(Thread.currentThread().getName())).get(10, TimeUnit.SECONDS);
    assertThat(name.get()).startsWith("pool-test-");
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> BlockingPools.calls("none", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
