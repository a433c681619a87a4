package org.courseport.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.packaging.ManifestInspector;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.packaging.zip.ZipPackageArchive;

/**
 * Times {@link ManifestInspector#inspect} (find the manifest, parse, XSD and semantic validation,
 * description) on every zip of the corpus, warm: all packages are inspected {@code warmup} times
 * first, then {@code rounds} times each. The archive is opened (central directory, zip checks)
 * outside the timed region, afresh for every inspection. Reports per package the median and max ms,
 * then the median of the per-package medians and the largest one. Usage: {@code ManifestBench
 * corpusDir [warmup] [rounds]}.
 */
public final class ManifestBench {
  private ManifestBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/work/shared/corpus/packages");
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 21;
    ManifestInspector inspector = new ManifestInspector();
    List<Path> packages = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.sorted().toList()) {
        String name = p.getFileName().toString();
        if (!name.endsWith(".zip") && !name.endsWith(".imscc")) {
          continue;
        }
        try {
          inspectMs(inspector, p);
          packages.add(p);
        } catch (DomainException | IOException e) {
          System.out.printf("skipped %s: zip refused (%s)%n", name, e.getMessage());
        }
      }
    }
    for (int i = 0; i < warmup; i++) {
      for (Path p : packages) {
        inspectMs(inspector, p);
      }
    }
    double[][] ms = new double[packages.size()][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < packages.size(); i++) { // interleaved, so noise spreads evenly
        ms[i][r] = inspectMs(inspector, packages.get(i));
      }
    }
    double[] medians = new double[packages.size()];
    System.out.printf(
        "%-78s %8s %8s  %s%n", "package (warm, " + rounds + " runs)", "median", "max", "result");
    for (int i = 0; i < packages.size(); i++) {
      double[] v = ms[i].clone();
      Arrays.sort(v);
      medians[i] = v[v.length / 2];
      System.out.printf(
          "%-78s %6.2f ms %6.2f ms  %s%n",
          packages.get(i).getFileName(),
          medians[i],
          v[v.length - 1],
          summary(inspector, packages.get(i)));
    }
    double[] sorted = medians.clone();
    Arrays.sort(sorted);
    int worst = 0;
    for (int i = 1; i < medians.length; i++) {
      worst = medians[i] > medians[worst] ? i : worst;
    }
    System.out.printf(
        Locale.ROOT,
        "%d manifests: median of medians %.2f ms, p90 %.2f ms, largest median %.2f ms (%s)%n",
        sorted.length,
        sorted[sorted.length / 2],
        sorted[(int) Math.ceil(sorted.length * 0.9) - 1],
        sorted[sorted.length - 1],
        packages.get(worst).getFileName());
  }

  private static double inspectMs(ManifestInspector inspector, Path zip) throws IOException {
    try (ZipPackageArchive archive = ZipPackageArchive.open(zip, ZipLimits.defaults())) {
      long start = System.nanoTime();
      InspectionResult result = inspector.inspect(archive);
      double ms = (System.nanoTime() - start) / 1e6;
      if (result == null) {
        throw new IllegalStateException();
      }
      return ms;
    }
  }

  private static String summary(ManifestInspector inspector, Path zip) throws IOException {
    try (ZipPackageArchive archive = ZipPackageArchive.open(zip, ZipLimits.defaults())) {
      InspectionResult r = inspector.inspect(archive);
      String format = r.report().packageFormat().isEmpty() ? "-" : r.report().packageFormat();
      return format
          + (r.report().valid()
              ? " valid"
              : " refused: " + r.report().firstError().map(f -> f.rule()).orElse("?"));
    }
  }
}
