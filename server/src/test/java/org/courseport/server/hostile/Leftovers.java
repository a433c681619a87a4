package org.courseport.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.bson.Document;
import org.courseport.server.auth.Bootstrap;
import org.courseport.server.storage.mongo.MongoStore;
import org.courseport.server.testing.CourseportServerExtension;

/**
 * What a refused import may not leave behind: a file in the data directory (MongoDB's own files
 * aside), a temporary file, or a course or version record. Take a snapshot before the import and
 * check it after.
 */
final class Leftovers {
  private final CourseportServerExtension server;
  private final Set<String> files;
  private final long courses;
  private final long versions;

  private Leftovers(CourseportServerExtension server) {
    this.server = server;
    this.files = files(server.dataDir());
    this.courses = count(server, MongoStore.COURSES);
    this.versions = count(server, MongoStore.COURSE_VERSIONS);
  }

  static Leftovers snapshot(CourseportServerExtension server) {
    return new Leftovers(server);
  }

  /** No new or removed file, nothing in either temp folder, no record of {@code courseId}. */
  void assertNothingLeftBy(String courseId) {
    // Checked at once: a refused import must be cleaned up before its job reads ERROR.
    Path data = server.dataDir();
    assertThat(files(data))
        .as("files in the data directory (MongoDB aside)")
        .containsExactlyInAnyOrderElementsOf(files);
    assertThat(listed(data.resolve("blobs").resolve("tmp"))).as("blob store temp files").isEmpty();
    assertThat(listed(data.resolve("tmp"))).as("validate temp files").isEmpty();
    var store = server.server().services().store();
    assertThat(store.courses().find(Bootstrap.DEFAULT_TENANT, courseId))
        .as("course record")
        .isEmpty();
    assertThat(store.versions().list(Bootstrap.DEFAULT_TENANT, courseId))
        .as("version records")
        .isEmpty();
    assertThat(count(server, MongoStore.COURSES)).as("course count").isEqualTo(courses);
    assertThat(count(server, MongoStore.COURSE_VERSIONS)).as("version count").isEqualTo(versions);
  }

  private static long count(CourseportServerExtension server, String collection) {
    return server
        .server()
        .services()
        .store()
        .database()
        .getCollection(collection)
        .countDocuments(new Document());
  }

  /** Regular files under the data directory, relative, MongoDB's folder excluded. */
  static Set<String> files(Path data) {
    Set<String> all = new TreeSet<>();
    try {
      Files.walkFileTree(
          data,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return dir.equals(data.resolve("mongo"))
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                all.add(data.relativize(file).toString());
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  private static Set<String> listed(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      Set<String> names = new TreeSet<>();
      s.forEach(p -> names.add(p.getFileName().toString()));
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
