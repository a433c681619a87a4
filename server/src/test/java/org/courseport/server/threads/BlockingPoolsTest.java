package org.courseport.server.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.util.BlockingTaskExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.courseport.server.config.ServerConfig;
import org.junit.jupiter.api.Test;

/**
 * The bounded blocking pools (issue 12): however many tasks arrive, no more threads than the bound
 * run them, so the thread-local caches they keep alive stay bounded too.
 */
class BlockingPoolsTest {
  @Test
  void manyTasks_runOnAtMostTheBoundsThreads() throws Exception {
    BlockingTaskExecutor pool = BlockingPools.create("blocking-pools-test", 4);
    try {
      Set<Thread> threads = ConcurrentHashMap.newKeySet();
      // A thread-local cache, as Jackson's and the XML parser's buffers are: one per thread.
      ThreadLocal<char[]> cache = ThreadLocal.withInitial(() -> new char[8192]);
      Set<char[]> caches = ConcurrentHashMap.newKeySet();
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        done.add(
            pool.submit(
                () -> {
                  threads.add(Thread.currentThread());
                  caches.add(cache.get());
                }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(threads).hasSizeBetween(1, 4);
      assertThat(caches).hasSameSizeAs(threads);
      assertThat(threads)
          .allSatisfy(t -> assertThat(t.getName()).startsWith("blocking-pools-test"))
          .allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPoolWithoutThreads_isRefusedWithItsName() {
    assertThatThrownBy(() -> BlockingPools.create("api", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 thread")
        .hasMessageContaining("api");
  }

  @Test
  void blockingThreads_defaultsTo32_andIsChecked() {
    assertThat(ServerConfig.fromEnvironment(Map.of()).blockingThreads()).isEqualTo(32);
    assertThat(
            ServerConfig.fromEnvironment(Map.of("COURSEPORT_BLOCKING_THREADS", "8"))
                .blockingThreads())
        .isEqualTo(8);
    assertThatThrownBy(
            () -> ServerConfig.fromEnvironment(Map.of("COURSEPORT_BLOCKING_THREADS", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("COURSEPORT_BLOCKING_THREADS must be positive");
    assertThatThrownBy(
            () -> ServerConfig.fromEnvironment(Map.of("COURSEPORT_BLOCKING_THREADS", "5000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("COURSEPORT_BLOCKING_THREADS must be 1..1024");
  }
}
