package org.courseport.server.packaging.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared e-learning corpus, found through the {@code courseport.sharedDir} property. */
public final class SharedCorpus {
  private SharedCorpus() {}

  /** The corpus packages folder; skips the calling test with a clear message when absent. */
  public static Path packages() {
    String shared = System.getProperty("courseport.sharedDir");
    assumeTrue(
        shared != null && !shared.isBlank(),
        "system property courseport.sharedDir is not"
            + " set; corpus tests need the shared folder (run through Maven, or pass"
            + " -Dcourseport.sharedDir=/path/to/shared)");
    Path packages = Path.of(shared, "corpus", "packages");
    assumeTrue(Files.isDirectory(packages), "corpus folder " + packages + " is absent");
    return packages;
  }

  /** One corpus file; skips the calling test when it is absent. */
  public static Path file(String name) {
    Path file = packages().resolve(name);
    assumeTrue(Files.isRegularFile(file), "corpus file " + file + " is absent");
    return file;
  }
}
