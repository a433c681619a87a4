package org.courseport.server.bench;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.courseport.client.ApiKey;
import org.courseport.client.CourseportClient;
import org.courseport.client.ResumableUpload;
import org.courseport.server.CourseportServer;
import org.courseport.server.config.ServerConfig;

/**
 * Times the resumable gRPC upload (client library over plaintext TCP into a server in this JVM)
 * next to {@code cp} (and {@code cp} + {@code sync}) of the same file on the same disk, in the same
 * run. Not a test. Usage: {@code ResumableUploadBench <MiB> [rounds] [workDir]}.
 */
public final class ResumableUploadBench {
  private static final String KEY = "bench-app:bench-secret-0123456789";

  private ResumableUploadBench() {}

  public static void main(String[] args) throws Exception {
    long mib = Long.parseLong(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path work = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "bench/out/resumable"));
    Path file = work.resolve("upload-" + mib + "m.bin");
    if (!Files.exists(file) || Files.size(file) != mib << 20) {
      byte[] block = new byte[1 << 20];
      Random random = new Random(42);
      try (OutputStream out = Files.newOutputStream(file)) {
        for (long i = 0; i < mib; i++) {
          random.nextBytes(block);
          out.write(block);
        }
      }
    }
    Path data = Files.createTempDirectory(work, "data-");
    Map<String, String> env = new HashMap<>();
    env.put("COURSEPORT_GRPC_PORT", "0");
    env.put("COURSEPORT_HTTP_PORT", "0");
    env.put("COURSEPORT_CONTENT_PORT", "0");
    env.put("COURSEPORT_METRICS_PORT", "0");
    env.put("COURSEPORT_DATA_DIR", data.toString());
    env.put("COURSEPORT_BOOTSTRAP_KEY", KEY);
    try (CourseportServer server = CourseportServer.start(ServerConfig.fromEnvironment(env));
        CourseportClient client =
            CourseportClient.connect("127.0.0.1:" + server.grpcPort(), ApiKey.parse(KEY))) {
      for (int round = 1; round <= rounds; round++) {
        Path copy = work.resolve("copy.bin");
        double cp = time(() -> run("cp", file.toString(), copy.toString()));
        double cpSync = cp + time(() -> run("sync"));
        Files.deleteIfExists(copy);
        double[] split = new double[1];
        double upload =
            time(
                () -> {
                  long t0 = System.nanoTime();
                  ResumableUpload.Result r = client.packages().resumableUpload(file).run();
                  split[0] = (System.nanoTime() - t0) / 1e9;
                  if (r.size() != Files.size(file)) {
                    throw new IllegalStateException("size");
                  }
                });
        double hash =
            time(
                () -> {
                  java.security.MessageDigest d =
                      java.security.MessageDigest.getInstance("SHA-256");
                  byte[] buffer = new byte[1 << 20];
                  try (java.io.InputStream in = Files.newInputStream(file)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                      d.update(buffer, 0, n);
                    }
                  }
                });
        System.out.printf("round %d: one SHA-256 pass over the file (Java) %.2f s%n", round, hash);
        double mb = Files.size(file) / 1e6;
        System.out.printf(
            "round %d: cp %.2f s (%.0f MB/s), cp+sync %.2f s, resumable upload %.2f s (%.0f MB/s),"
                + " ratio to cp %.2fx, to cp+sync %.2fx%n",
            round, cp, mb / cp, cpSync, upload, mb / upload, cp / upload, cpSync / upload);
      }
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static double time(Step step) throws Exception {
    long t0 = System.nanoTime();
    step.run();
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }
}
