package org.courseport.server.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.packaging.ManifestInspector;
import org.courseport.server.packaging.StoredPackageInspector;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.packaging.zip.ZipPackageArchive;
import org.courseport.server.packaging.zip.ZipVerifier;
import org.courseport.server.storage.blob.FileSystemBlobStore;

/**
 * Times the server-side phases of an import in one JVM, without gRPC, to see where the time goes:
 * SHA-256 alone, the blob store write (hash + write) and commit (fsync + rename) in 64 KiB writes
 * as the upload handler does, {@code verifyAll()}, the manifest inspection, and the whole {@link
 * StoredPackageInspector}; {@code unzip -tq} in the same rounds for scale. Usage: {@code
 * ImportPhases package.zip [rounds] [workDir]}.
 */
public final class ImportPhases {
  private static final int CHUNK = 64 * 1024;

  private ImportPhases() {}

  public static void main(String[] args) throws Exception {
    Path zip = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path work = Path.of(args.length > 2 ? args[2] : "bench/out/phases");
    Files.createDirectories(work);
    System.out.printf("file: %s, %,d bytes%n", zip, Files.size(zip));
    Map<String, List<Double>> times = new LinkedHashMap<>();
    runUnzip(zip); // page cache
    ManifestInspector manifests = new ManifestInspector();
    StoredPackageInspector stored = new StoredPackageInspector(ZipLimits.defaults(), manifests);
    for (int i = 0; i < rounds + 1; i++) {
      boolean warm = i == 0;
      Map<String, Double> r = new LinkedHashMap<>();
      r.put("unzip -tq", runUnzip(zip));
      r.put("sha-256 only", time(() -> sha256(zip)));
      FileSystemBlobStore store = new FileSystemBlobStore(work.resolve("data-" + i));
      String[] id = new String[1];
      try (BlobStore.BlobWriter writer = store.newWriter()) {
        r.put("blob write (hash+write)", time(() -> copy(zip, writer)));
        r.put("blob commit (fsync+rename)", time(() -> id[0] = writer.commit()));
      }
      Path blob = store.pathOf(id[0]);
      r.put(
          "open + verifyAll",
          time(
              () -> {
                try (ZipPackageArchive a = ZipPackageArchive.open(blob, ZipLimits.defaults())) {
                  ZipVerifier.shared().verify(a);
                }
              }));
      r.put(
          "open + manifest inspect",
          time(
              () -> {
                try (ZipPackageArchive a = ZipPackageArchive.open(blob, ZipLimits.defaults())) {
                  check(manifests.inspect(a));
                }
              }));
      r.put(
          "StoredPackageInspector",
          time(
              () -> {
                try (var ch = Files.newByteChannel(blob)) {
                  check(stored.inspect(ch, "package.zip"));
                }
              }));
      store.delete(id[0]);
      System.out.println((warm ? "warm-up: " : "round " + i + ": ") + format(r));
      if (!warm) {
        r.forEach((k, v) -> times.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
      }
    }
    System.out.println("medians:");
    times.forEach((k, v) -> System.out.printf("  %-28s %7.2f s%n", k, median(v)));
  }

  private static void copy(Path zip, BlobStore.BlobWriter writer) throws IOException {
    byte[] chunk = new byte[CHUNK];
    try (InputStream in = Files.newInputStream(zip)) {
      for (int n = in.readNBytes(chunk, 0, CHUNK); n > 0; n = in.readNBytes(chunk, 0, CHUNK)) {
        writer.stream().write(chunk, 0, n);
      }
    }
  }

  private static void sha256(Path zip) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] chunk = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(zip)) {
      for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
        digest.update(chunk, 0, n);
      }
    }
    digest.digest();
  }

  private static void check(InspectionResult result) {
    if (!result.report().valid() || result.description() == null) {
      throw new IllegalStateException("package refused: " + result.report().firstError());
    }
  }

  private static double runUnzip(Path zip) throws Exception {
    return time(
        () -> {
          Process p =
              new ProcessBuilder("unzip", "-tq", zip.toString())
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .start();
          if (p.waitFor() != 0) {
            throw new IllegalStateException("unzip -tq failed");
          }
        });
  }

  interface Step {
    void run() throws Exception;
  }

  private static double time(Step step) throws Exception {
    long start = System.nanoTime();
    step.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static String format(Map<String, Double> r) {
    StringBuilder s = new StringBuilder();
    r.forEach((k, v) -> s.append(String.format("%s %.2f s; ", k, v)));
    return s.toString();
  }

  private static double median(List<Double> v) {
    List<Double> sorted = v.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
