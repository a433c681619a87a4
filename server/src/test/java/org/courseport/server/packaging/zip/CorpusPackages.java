package org.courseport.server.packaging.zip;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The real packages of the shared corpus, found through {@code courseport.sharedDir}. */
final class CorpusPackages {
  static final String NOT_A_ZIP = "cmi5__adl-catapult-lts__209-1-not-a-zip.zip";

  private CorpusPackages() {}

  static Path directory() {
    String shared = System.getProperty("courseport.sharedDir");
    assumeTrue(
        shared != null,
        "system property courseport.sharedDir is not set; "
            + "corpus tests need the shared folder (../shared)");
    Path packages = Path.of(shared, "corpus", "packages");
    assumeTrue(Files.isDirectory(packages), "corpus folder " + packages + " is absent");
    return packages;
  }

  static Path file(String name) {
    Path file = directory().resolve(name);
    assumeTrue(Files.isRegularFile(file), "corpus package " + file + " is absent");
    return file;
  }

  /** Every zip and Common Cartridge of the corpus that is a real zip. */
  static Stream<Path> zips() {
    try (Stream<Path> files = Files.list(directory())) {
      return files
          .filter(f -> f.toString().endsWith(".zip") || f.toString().endsWith(".imscc"))
          .filter(f -> !f.getFileName().toString().equals(NOT_A_ZIP))
          .sorted()
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
