import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.client.ApiKey;
import org.courseport.client.CourseportClient;
import org.courseport.client.UploadOptions;

/**
 * Import benchmark driver, run by bench/import-bench.sh with the client jar on the class path
 * (Java single-file source launcher). For each round: times {@code unzip -tq} on the package, then
 * imports it through the gRPC upload (CourseportClient.uploadAndImport + waitForImport) until the
 * job is COMPLETE, while measuring the server JVM's heap: used after a full GC before and after
 * the import (jcmd GC.run + GC.heap_info), peak used sampled every 200 ms (jstat -gc), and the
 * heap before/after every collection during the import (the server's -Xlog:gc file).
 *
 * <p>After the timed rounds, {@code liveRounds} more imports run untimed while the server's live
 * heap is measured every second with {@code jcmd GC.class_histogram} (each forces a full GC, so
 * what it counts is live data, not garbage): the largest live heap during the import minus the
 * live heap before it is the import's real heap growth.
 *
 * <p>Args: target key serverPid zip gcLog label rounds warmups [liveRounds]
 */
public final class ImportBench {
  private static final double MIB = 1024 * 1024;
  private static final Pattern GC_LINE =
      Pattern.compile("Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
  private static final long TICKS = 100; // USER_HZ on Linux

  private final String target;
  private final ApiKey key;
  private final long pid;
  private final Path zip;
  private final Path gcLog;
  private final String label;

  private ImportBench(String[] a) {
    target = a[0];
    key = ApiKey.parse(a[1]);
    pid = Long.parseLong(a[2]);
    zip = Path.of(a[3]);
    gcLog = Path.of(a[4]);
    label = a[5];
  }

  /** One round's figures. */
  record Round(
      double unzipS, double unzipCpuS, double uploadS, double importS, double serverCpuS,
      double clientCpuS, double baseMiB, double afterMiB, double retainedMiB, double sampledPeakMiB,
      double gcPeakMiB, double gcLiveMaxMiB, int gcs, String serverThreads) {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[6]);
    int warmups = Integer.parseInt(args[7]);
    int liveRounds = args.length > 8 ? Integer.parseInt(args[8]) : 1;
    new ImportBench(args).run(rounds, warmups, liveRounds);
  }

  private void run(int rounds, int warmups, int liveRounds) throws Exception {
    long size = Files.size(zip);
    System.out.printf("package %s: %,d bytes; server pid %d at %s%n", zip, size, pid, target);
    unzip(); // warms the page cache: every measurement below reads the file from memory
    List<Round> measured = new ArrayList<>();
    try (CourseportClient client =
        CourseportClient.builder()
            .target(target)
            .apiKey(key)
            .pollBackoff(Duration.ofMillis(20), Duration.ofMillis(50))
            .build()) {
      for (int i = 0; i < warmups + rounds; i++) {
        boolean warm = i < warmups;
        Round r = round(client, i);
        String tag = warm ? "warm-up " + (i + 1) : "round " + (i + 1 - warmups);
        System.out.printf(
            "%s: unzip -tq %.2f s (cpu %.2f s) | import %.2f s (upload %.2f s, job %.2f s),"
                + " ratio %.2f, cpu server %.2f s + client %.2f s | heap MiB: base %.1f,"
                + " used-after %.1f, retained %+.1f, peak sampled %.1f (%+.1f), peak at GC %.1f"
                + " (%+.1f), max live after GC %.1f (%+.1f), %d GCs%n",
            tag, r.unzipS, r.unzipCpuS, r.importS, r.uploadS, r.importS - r.uploadS,
            r.importS / r.unzipS, r.serverCpuS, r.clientCpuS, r.baseMiB, r.afterMiB,
            r.retainedMiB - r.baseMiB, r.sampledPeakMiB, r.sampledPeakMiB - r.baseMiB, r.gcPeakMiB,
            r.gcPeakMiB - r.baseMiB, r.gcLiveMaxMiB, r.gcLiveMaxMiB - r.baseMiB, r.gcs);
        System.out.println("  server cpu by thread: " + r.serverThreads);
        if (!warm) {
          measured.add(r);
        }
      }
      summary(measured, size);
      List<Double> growth = new ArrayList<>();
      for (int i = 0; i < liveRounds; i++) {
        growth.add(liveRound(client, i));
      }
      if (!growth.isEmpty()) {
        growth.sort(null);
        System.out.printf("live heap growth (full GC every second, %d imports): median %+.1f MiB,"
            + " max %+.1f MiB%n", growth.size(), growth.get(growth.size() / 2),
            growth.get(growth.size() - 1));
        System.out.printf("LIVE|%s|%+.1f|%+.1f%n", label, growth.get(growth.size() / 2),
            growth.get(growth.size() - 1));
      }
    }
  }

  /**
   * One untimed import while a full GC runs every second ({@code jcmd GC.run}); the heap after
   * each of those collections (from the GC log) is the live heap at that moment. Returns the
   * largest minus the live heap before the import. (A class histogram is no substitute: it skips
   * its collection while a thread holds the GC locker, as the inflater does, and then counts
   * garbage.)
   */
  private double liveRound(CourseportClient client, int i) throws Exception {
    jcmd("GC.run");
    double before = heapUsedMiB();
    long gcOffset = Files.size(gcLog);
    String courseId = "bench-live-" + label + "-" + System.currentTimeMillis() + "-" + i;
    Thread sampler = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          jcmd("GC.run");
          Thread.sleep(1000);
        }
      } catch (InterruptedException e) {
        // stopped
      } catch (IOException | RuntimeException e) {
        System.out.println("live sampling stopped: " + e);
      }
    }, "live-sampler");
    sampler.start();
    long start = System.nanoTime();
    String jobId = client.uploadAndImport(zip, UploadOptions.forCourse(courseId), (s, t) -> {});
    ImportJobResult result = client.waitForImport(jobId, Duration.ofMinutes(30));
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    sampler.join();
    if (result.getStatus() != ImportJobResult.Status.COMPLETE) {
      throw new IllegalStateException("import job " + jobId + " ended " + result.getStatus());
    }
    double[] full = fullGcLive(gcOffset);
    System.out.printf("live round %d (%.1f s, slowed by the full GCs): live heap before %.1f MiB,"
        + " max after %d full GCs during the import %.1f MiB (%+.1f)%n", i + 1, seconds, before,
        (int) full[1], full[0], full[0] - before);
    return full[0] - before;
  }

  /** The largest heap after a full collection in the log since {@code from}, and their count. */
  private double[] fullGcLive(long from) throws IOException {
    double max = 0;
    int count = 0;
    for (String line : gcLines(from)) {
      Matcher m = GC_LINE.matcher(line);
      if (line.contains("Pause Full (") && m.find()) {
        count++;
        max = Math.max(max, Double.parseDouble(m.group(2)));
      }
    }
    return new double[] {max, count};
  }

  private String[] gcLines(long from) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(gcLog.toFile(), "r")) {
      f.seek(from);
      byte[] rest = new byte[(int) (f.length() - from)];
      f.readFully(rest);
      return new String(rest, StandardCharsets.UTF_8).split("\n");
    }
  }

  private Round round(CourseportClient client, int i) throws Exception {
    double[] unzip = unzip();
    jcmd("GC.run");
    double base = heapUsedMiB();
    long gcOffset = Files.size(gcLog);
    Sampler sampler = new Sampler(pid);
    long serverCpu0 = serverCpuTicks();
    Map<String, Long> threads0 = threadTicks();
    long clientCpu0 = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    String courseId = "bench-" + label + "-" + System.currentTimeMillis() + "-" + i;

    long start = System.nanoTime();
    String jobId = client.uploadAndImport(zip, UploadOptions.forCourse(courseId), (s, t) -> {});
    long uploaded = System.nanoTime();
    ImportJobResult result = client.waitForImport(jobId, Duration.ofMinutes(30));
    long end = System.nanoTime();

    double serverCpu = (serverCpuTicks() - serverCpu0) / (double) TICKS;
    String byThread = threadCpu(threads0, threadTicks());
    double clientCpu =
        (ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() - clientCpu0)
            / 1e9;
    double sampled = sampler.stop();
    if (result.getStatus() != ImportJobResult.Status.COMPLETE) {
      throw new IllegalStateException("import job " + jobId + " ended " + result.getStatus()
          + ": " + result.getMessage());
    }
    double after = heapUsedMiB();
    double[] gc = gcPeaks(gcOffset);
    jcmd("GC.run");
    double retained = heapUsedMiB();
    return new Round(unzip[0], unzip[1], (uploaded - start) / 1e9, (end - start) / 1e9,
        serverCpu, clientCpu, base, after, retained, Math.max(sampled, after), gc[0], gc[1],
        (int) gc[2], byThread);
  }

  /** Wall-clock and CPU seconds of one {@code unzip -tq} of the package. */
  private double[] unzip() throws IOException, InterruptedException {
    long cpu0 = childCpuTicks();
    long start = System.nanoTime();
    Process p = new ProcessBuilder("unzip", "-tq", zip.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("unzip -tq failed: " + p.exitValue());
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return new double[] {wall, (childCpuTicks() - cpu0) / (double) TICKS};
  }

  /** Max heap before a GC, max heap after a GC and the GC count in the log since {@code from}. */
  private double[] gcPeaks(long from) throws IOException {
    double before = 0;
    double live = 0;
    int count = 0;
    for (String line : gcLines(from)) {
      Matcher m = GC_LINE.matcher(line);
      if (m.find()) {
        count++;
        before = Math.max(before, Double.parseDouble(m.group(1)));
        live = Math.max(live, Double.parseDouble(m.group(2)));
      }
    }
    return new double[] {before, live, count};
  }

  private double heapUsedMiB() throws IOException, InterruptedException {
    Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
    if (!m.find()) {
      throw new IllegalStateException("no heap figure from jcmd GC.heap_info");
    }
    return Long.parseLong(m.group(1)) / 1024.0;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + out);
    }
    return out;
  }

  private long serverCpuTicks() throws IOException {
    return cpuTicks(Path.of("/proc/" + pid + "/stat"), 14);
  }

  /** CPU ticks of the server's threads, summed by thread name without its number. */
  private Map<String, Long> threadTicks() throws IOException {
    Map<String, Long> ticks = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).trim()
              .replaceAll("[-#]?[0-9]+$", "").replaceAll("[-#]$", "");
          ticks.merge(name, cpuTicks(task.resolve("stat"), 14), Long::sum);
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
    }
    return ticks;
  }

  /** The threads that used at least 0.1 s of CPU between the two snapshots, busiest first. */
  private static String threadCpu(Map<String, Long> before, Map<String, Long> after) {
    StringBuilder s = new StringBuilder();
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() >= TICKS / 10)
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(e -> s.append(String.format("%s %.2f s; ", e.getKey(),
            e.getValue() / (double) TICKS)));
    return s.toString();
  }

  /** CPU of this process's reaped children (utime + stime of those waited for). */
  private static long childCpuTicks() throws IOException {
    return cpuTicks(Path.of("/proc/self/stat"), 16);
  }

  /** Sum of /proc stat fields {@code field} and {@code field + 1} (1-based, as in proc(5)). */
  private static long cpuTicks(Path stat, int field) throws IOException {
    String s = Files.readString(stat);
    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
    return Long.parseLong(f[field - 3]) + Long.parseLong(f[field - 2]);
  }

  /** Samples the server's used heap (S0U+S1U+EU+OU) every 200 ms with jstat; keeps the maximum. */
  private static final class Sampler {
    private final Process process;
    private final Thread reader;
    private final AtomicLong maxKib = new AtomicLong();

    Sampler(long pid) throws IOException {
      process = new ProcessBuilder("jstat", "-gc", String.valueOf(pid), "200")
          .redirectErrorStream(true).start();
      reader = new Thread(this::read, "jstat-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        Map<String, Integer> cols = new HashMap<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 0 && f[0].equals("S0C")) {
            for (int i = 0; i < f.length; i++) {
              cols.put(f[i], i);
            }
          } else if (!cols.isEmpty() && f.length == cols.size()) {
            double used = 0;
            for (String c : List.of("S0U", "S1U", "EU", "OU")) {
              used += Double.parseDouble(f[cols.get(c)]);
            }
            long kib = (long) used;
            maxKib.accumulateAndGet(kib, Math::max);
          }
        }
      } catch (IOException | RuntimeException e) {
        // the sampler is stopped by destroying jstat
      }
    }

    double stop() throws InterruptedException {
      process.destroy();
      process.waitFor();
      reader.join(2000);
      return maxKib.get() / 1024.0;
    }
  }

  private void summary(List<Round> rs, long size) {
    if (rs.isEmpty()) {
      return;
    }
    double unzip = median(rs, Round::unzipS);
    double imp = median(rs, Round::importS);
    double ratio = median(rs, r -> r.importS / r.unzipS);
    System.out.println();
    System.out.printf("== %s: %,d bytes, %d rounds, medians ==%n", label, size, rs.size());
    System.out.printf("unzip -tq        %7.2f s (cpu %.2f s)%n", unzip, median(rs, Round::unzipCpuS));
    System.out.printf("import           %7.2f s (upload %.2f s, job %.2f s; cpu server %.2f s,"
            + " client %.2f s)%n", imp, median(rs, Round::uploadS),
        median(rs, r -> r.importS - r.uploadS), median(rs, Round::serverCpuS),
        median(rs, Round::clientCpuS));
    System.out.printf("ratio import/unzip (median of per-round ratios) %.2f; of medians %.2f%n",
        ratio, imp / unzip);
    System.out.printf("heap baseline    %7.1f MiB (after full GC)%n", median(rs, Round::baseMiB));
    System.out.printf("retained growth  %+7.1f MiB (after full GC, after vs before)%n",
        median(rs, r -> r.retainedMiB - r.baseMiB));
    System.out.printf("used after       %+7.1f MiB (no GC, after vs baseline)%n",
        median(rs, r -> r.afterMiB - r.baseMiB));
    System.out.printf("peak sampled     %+7.1f MiB (jstat 200 ms, max used - baseline)%n",
        median(rs, r -> r.sampledPeakMiB - r.baseMiB));
    System.out.printf("peak at GC       %+7.1f MiB (gc log, max used before a GC - baseline)%n",
        median(rs, r -> r.gcPeakMiB - r.baseMiB));
    System.out.printf("max live at GC   %+7.1f MiB (gc log, max used after a GC - baseline)%n",
        median(rs, r -> r.gcLiveMaxMiB - r.baseMiB));
    System.out.printf("RESULT|%s|%d|%.2f|%.2f|%.2f|%.2f|%.2f|%.1f|%+.1f|%+.1f|%+.1f|%+.1f%n",
        label, size, unzip, imp, ratio, median(rs, Round::uploadS),
        median(rs, r -> r.importS - r.uploadS), median(rs, Round::baseMiB),
        median(rs, r -> r.retainedMiB - r.baseMiB), median(rs, r -> r.sampledPeakMiB - r.baseMiB),
        median(rs, r -> r.gcPeakMiB - r.baseMiB), median(rs, r -> r.gcLiveMaxMiB - r.baseMiB));
  }

  private static double median(List<Round> rs, java.util.function.ToDoubleFunction<Round> f) {
    double[] v = rs.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
