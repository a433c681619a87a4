package org.courseport.server.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Prints the time and worker allocation of each hostile import, and appends them to {@code
 * target/hostile-measurements.txt}, for the suite's report.
 */
final class Measurements {
  private static final Path FILE = Path.of("target", "hostile-measurements.txt");

  private Measurements() {}

  static void record(String what, Importer.Outcome outcome) {
    line(
        String.format(
            "%-58s %7d ms %8.1f MiB allocated by import workers",
            what, outcome.elapsed().toMillis(), outcome.workerAllocatedBytes() / 1048576.0));
  }

  static synchronized void line(String text) {
    System.out.println("HOSTILE-MEASURE " + text);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(
          FILE,
          text + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
