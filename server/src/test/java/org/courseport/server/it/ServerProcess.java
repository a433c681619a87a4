package org.courseport.server.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The built server jar run as a separate process, with the ports it logged. */
final class ServerProcess implements AutoCloseable {
  private static final Pattern PORT =
      Pattern.compile("(gRPC|HTTP) server listening on port (\\d+)");

  private final Process process;
  private final List<String> output = new ArrayList<>();
  private final CountDownLatch ports = new CountDownLatch(2);
  private volatile int grpcPort;
  private volatile int httpPort;

  private ServerProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readOutput, "server-output");
    reader.setDaemon(true);
    reader.start();
  }

  static ServerProcess start(Path jar, Path dataDir, String bootstrapKey) throws IOException {
    return start(jar, dataDir, bootstrapKey, Map.of());
  }

  /**
   * As {@link #start(Path, Path, String)}, with more environment variables (settings of a test).
   */
  static ServerProcess start(Path jar, Path dataDir, String bootstrapKey, Map<String, String> more)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-jar",
            jar.toString());
    pb.redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("COURSEPORT_") || k.equals("MONGODB_URI"));
    env.put("COURSEPORT_GRPC_PORT", "0");
    env.put("COURSEPORT_HTTP_PORT", "0");
    env.put("COURSEPORT_CONTENT_PORT", "0");
    env.put("COURSEPORT_METRICS_PORT", "0");
    env.put("COURSEPORT_DATA_DIR", dataDir.toString());
    env.put("COURSEPORT_BOOTSTRAP_KEY", bootstrapKey);
    env.putAll(more);
    return new ServerProcess(pb.start());
  }

  private void readOutput() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (output) {
          output.add(line);
        }
        Matcher m = PORT.matcher(line);
        if (m.find()) {
          if (m.group(1).equals("gRPC")) {
            grpcPort = Integer.parseInt(m.group(2));
          } else {
            httpPort = Integer.parseInt(m.group(2));
          }
          ports.countDown();
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  /** Waits until both ports were logged. */
  void awaitPorts() throws InterruptedException {
    if (!ports.await(180, TimeUnit.SECONDS)) {
      throw new IllegalStateException("server did not log its ports:\n" + output());
    }
  }

  int grpcPort() {
    return grpcPort;
  }

  int httpPort() {
    return httpPort;
  }

  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** Waits (bounded) until a line of the output contains {@code text}; fails if it never does. */
  void awaitOutput(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!output().contains(text)) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new IllegalStateException("the server never logged '" + text + "':\n" + output());
      }
      Thread.sleep(50);
    }
  }

  /** Sends SIGTERM and waits for a clean exit; returns the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("server did not stop on SIGTERM:\n" + output());
    }
    return process.exitValue();
  }

  /**
   * Kills the process without warning ({@code destroyForcibly}, which is SIGKILL on Linux: no
   * shutdown hook runs) and returns its exit code, 137 for SIGKILL.
   */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("server did not die on SIGKILL");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }
}
