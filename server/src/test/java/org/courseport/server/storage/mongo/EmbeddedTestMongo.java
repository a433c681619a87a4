package org.courseport.server.storage.mongo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** mongo-java-server with the H2 backend in a temporary directory, removed on close. */
public final class EmbeddedTestMongo implements TestMongo {
  private final Path dir;
  private final EmbeddedMongo mongo;

  private EmbeddedTestMongo(Path dir, EmbeddedMongo mongo) {
    this.dir = dir;
    this.mongo = mongo;
  }

  public static EmbeddedTestMongo start() throws IOException {
    Path dir = Files.createTempDirectory("courseport-mongo-test");
    return new EmbeddedTestMongo(dir, EmbeddedMongo.start(dir));
  }

  @Override
  public String connectionString() {
    return mongo.connectionString();
  }

  @Override
  public void close() throws IOException {
    mongo.close();
    deleteRecursively(dir);
  }

  public static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
