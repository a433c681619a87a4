package org.courseport.server.concurrency;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code n} calls on a bounded pool, all held behind one start latch that opens once every
 * call is queued, so the first {@code threads} go out together and the rest follow as threads free
 * up. Test helper.
 */
final class Together {
  /** One call; may throw (an assertion failure fails the run). */
  @FunctionalInterface
  interface Call<T> {
    T call(int index) throws Exception;
  }

  private Together() {}

  /** The results in index order; rethrows the first failure. */
  static <T> List<T> run(int threads, int n, Call<T> call)
      throws InterruptedException, ExecutionException, TimeoutException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return call.call(index);
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        // Hang detection only.
        results.add(f.get(5, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
