package org.courseport.server.packaging.zip.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.packaging.zip.ZipPackageArchive;
import org.courseport.server.packaging.zip.ZipVerifier;

/**
 * Times {@code ZipPackageArchive.verifyAll()} against {@code unzip -tq} on the same file, in the
 * same run, alternating the two; reports medians and the JVM's peak heap during verification.
 * Usage: {@code VerifyBenchmark package.zip [rounds]}.
 */
public final class VerifyBenchmark {
  private VerifyBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path zip = Path.of(args.length > 0 ? args[0] : "bench/out/package-1g.zip");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.printf("file: %s, %,d bytes%n", zip, Files.size(zip));
    unzipSeconds(zip); // warms the page cache so that both read from memory
    double[] unzip = new double[rounds];
    double[] verify = new double[rounds];
    long peakHeap = 0;
    long inflated = 0;
    for (int i = 0; i < rounds; i++) {
      unzip[i] = unzipSeconds(zip);
      System.gc();
      resetPeaks();
      long start = System.nanoTime();
      try (ZipPackageArchive archive = ZipPackageArchive.open(zip, ZipLimits.defaults())) {
        inflated = ZipVerifier.shared().verify(archive);
      }
      verify[i] = (System.nanoTime() - start) / 1e9;
      peakHeap = Math.max(peakHeap, peakHeapBytes());
      System.out.printf(
          "round %d: unzip -tq %.2f s, verifyAll %.2f s%n", i + 1, unzip[i], verify[i]);
    }
    double u = median(unzip);
    double v = median(verify);
    System.out.printf(
        "inflated %,d bytes; max heap %d MiB%n", inflated, Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(
        "| unzip -tq | %.2f s | verifyAll | %.2f s | ratio | %.2f | peak heap | %.1f MiB |%n",
        u, v, v / u, peakHeap / 1048576.0);
  }

  private static double unzipSeconds(Path zip) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process unzip = new ProcessBuilder("unzip", "-tq", zip.toString()).inheritIO().start();
    int status = unzip.waitFor();
    if (status != 0) {
      throw new IllegalStateException("unzip -tq failed with status " + status);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeapBytes() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
