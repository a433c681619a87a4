package org.courseport.server.packaging.zip;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads every file entry of a {@link ZipPackageArchive} once (hidden junk and duplicates included)
 * through the limited streams, so that a package that passes has had its sizes, ratio and CRC-32
 * checked on actual bytes. The calling thread reads, and up to {@link #THREADS}{@code - 1} helpers
 * of one process-wide pool join it while they are free; with several imports at once the pool is
 * shared instead of each import starting its own threads. The outcome is that of reading the
 * entries in order: the failure reported is that of the first failing entry in central-directory
 * order (only the archive-wide size budget may be exhausted on another entry than in order).
 */
public final class ZipVerifier {
  /** Threads reading one archive: the processors, at most 4. */
  static final int THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  private static final int BUFFER = 256 * 1024;
  private static final ZipVerifier SHARED = new ZipVerifier(pool());

  private final Executor helpers;

  ZipVerifier(Executor helpers) {
    this.helpers = helpers;
  }

  /** The verifier on the process-wide pool. */
  public static ZipVerifier shared() {
    return SHARED;
  }

  private static ExecutorService pool() {
    return Executors.newFixedThreadPool(
        Math.max(1, THREADS - 1),
        task -> {
          Thread thread = new Thread(task, "zip-verify");
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * Reads every file entry of {@code archive}.
   *
   * @return the number of uncompressed bytes read
   * @throws org.courseport.server.domain.DomainException when an entry is corrupt or too large
   */
  public long verify(ZipPackageArchive archive) throws IOException {
    List<ScannedEntry> files = archive.scanned().stream().filter(e -> !e.isDirectory()).toList();
    Verification verification = new Verification(archive, files);
    for (int i = Math.min(THREADS, files.size()) - 1; i > 0; i--) {
      helpers.execute(verification::help);
    }
    verification.read();
    verification.closeAndAwaitHelpers();
    return verification.result();
  }

  /**
   * The entries to verify, claimed in order by the threads. A failing entry stops new claims; the
   * entries claimed before it are still read to the end, so every entry before the first failure in
   * order has been checked when the threads stop. A helper that gets its turn after the caller
   * finished does nothing; the caller waits only for helpers still reading. Helpers are never
   * interrupted: an interrupt would close the archive's file channel.
   */
  private static final class Verification {
    private final ZipPackageArchive archive;
    private final List<ScannedEntry> files;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong total = new AtomicLong();
    private final ConcurrentSkipListMap<Integer, Throwable> failures =
        new ConcurrentSkipListMap<>();
    private volatile boolean stop;
    private boolean closed; // guarded by this
    private int active; // guarded by this

    Verification(ZipPackageArchive archive, List<ScannedEntry> files) {
      this.archive = archive;
      this.files = files;
    }

    void help() {
      synchronized (this) {
        if (closed) {
          return;
        }
        active++;
      }
      try {
        read();
      } finally {
        synchronized (this) {
          active--;
          notifyAll();
        }
      }
    }

    void read() {
      byte[] buffer = new byte[BUFFER];
      while (!stop) {
        int index = next.getAndIncrement();
        if (index >= files.size()) {
          return;
        }
        try (InputStream in = archive.openScanned(files.get(index))) {
          long read = 0;
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            read += n;
          }
          total.addAndGet(read);
        } catch (IOException | RuntimeException | Error e) {
          failures.put(index, e);
          stop = true;
        }
      }
    }

    synchronized void closeAndAwaitHelpers() {
      closed = true;
      boolean interrupted = false;
      while (active > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    long result() throws IOException {
      Map.Entry<Integer, Throwable> first = failures.firstEntry();
      if (first == null) {
        return total.get();
      }
      Throwable failure = first.getValue();
      if (failure instanceof IOException e) {
        throw e;
      }
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      throw (Error) failure;
    }
  }
}
