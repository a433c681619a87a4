package org.courseport.server.threads;

import com.linecorp.armeria.common.util.BlockingTaskExecutor;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;

/**
 * Bounded executors for the HTTP servers' blocking work (REST handlers, content files, metrics
 * scrapes), in place of Armeria's common blocking pool.
 *
 * <p>Why (issue 12, the soak's growing live heap): Armeria's common blocking executor is a {@code
 * ScheduledThreadPoolExecutor} with 200 core threads, and such a pool starts a new thread for every
 * task it is given until it holds its core size, idle threads or not. Under steady traffic the API
 * server thus ran 200 blocking threads, and every one of them keeps its own thread-local caches
 * alive as long as it lives: Jackson's {@code BufferRecycler} buffers (4,000-char concatenation and
 * 8 KiB text buffers), the XML parser's 8 KiB entity buffers, NIO's temporary buffer cache, Netty's
 * {@code InternalThreadLocalMap} and the logging MDC. A JFR leak profile of the soak ({@code
 * jdk.OldObjectSample} with {@code path-to-gc-roots}) traced the retained 4,000- and 8,192-element
 * char arrays to {@code ThreadLocalMap} entries of {@code armeria-common-blocking-tasks-*} threads;
 * the live heap then rose with every new thread that first parsed a manifest or wrote JSON, until
 * all 200 had. A pool of a few dozen threads has the same throughput on a small host (the work is
 * short store calls) and bounds that memory to its size.
 */
public final class BlockingPools {
  /** How long an idle thread stays before it ends and its thread-local caches with it. */
  public static final Duration KEEP_ALIVE = Duration.ofSeconds(60);

  private BlockingPools() {}

  /**
   * A blocking executor of at most {@code threads} threads named {@code name-<n>-<i>}, daemon, idle
   * threads ending after {@link #KEEP_ALIVE}.
   */
  public static BlockingTaskExecutor create(String name, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException(
          "a blocking pool needs at least 1 thread, got " + threads + " for " + name);
    }
    return BlockingTaskExecutor.builder()
        .threadNamePrefix(name)
        .numThreads(threads)
        .keepAliveTime(KEEP_ALIVE)
        .daemon(true)
        .build();
  }

  /**
   * The executor of the gRPC server's calls: a {@link ForkJoinPool} of {@code parallelism} threads
   * named {@code name-<i>}, daemon, in FIFO (async) mode, idle threads ending after {@link
   * #KEEP_ALIVE}. grpc-java's default, a cached thread pool, hands every call event to an idle
   * thread through a {@code SynchronousQueue}, so each one parks and unparks a thread; in a profile
   * of saturated {@code GetCourse}s that was about a quarter of the server's CPU. A fork-join
   * pool's workers take queued events without that hand-off (bench/README.md, "gRPC call
   * executor"). Handlers that block (store calls) hold a worker meanwhile, so at most {@code
   * parallelism} calls run at once and the others wait in the queue.
   */
  public static ForkJoinPool calls(String name, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException(
          "a call pool needs at least 1 thread, got " + parallelism + " for " + name);
    }
    return new ForkJoinPool(
        parallelism,
        pool -> {
          ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
          t.setName(name + "-" + t.getPoolIndex());
          t.setDaemon(true);
          return t;
        },
        null,
        true,
        0,
        parallelism,
        1,
        p -> true,
        KEEP_ALIVE.toMillis(),
        TimeUnit.MILLISECONDS);
  }
}
