package org.courseport.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.courseport.api.v1.ImportLessonBundleResponse;
import org.courseport.api.v1.Lesson;
import org.courseport.api.v1.LessonVersion;
import org.courseport.api.v1.ListLessonVersionsResponse;
import org.courseport.api.v1.ListLessonsResponse;
import org.courseport.client.CourseportClient;
import org.courseport.client.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lessons}: lessons authored on the server and their published versions. */
@Command(
    name = "lessons",
    description = "Create, list, show, publish, delete, export and import lessons.",
    subcommands = {
      LessonsCommand.Create.class,
      LessonsCommand.Publish.class,
      LessonsCommand.ListLessons.class,
      LessonsCommand.Get.class,
      LessonsCommand.Delete.class,
      LessonsCommand.Export.class,
      LessonsCommand.Import.class
    })
final class LessonsCommand extends GroupCommand {

  /** {@code lessons create --title T [--slug S] [--content FILE] [--json]}. */
  @Command(
      name = "create",
      description = "Create a lesson; its content is a JSON document of blocks (docs/lessons.md).")
  static final class Create extends ClientCommand {
    @Option(names = "--title", required = true, description = "The lesson's title.")
    String title;

    @Option(names = "--slug", description = "The slug (default: derived from the title).")
    String slug;

    @Option(
        names = "--content",
        paramLabel = "FILE",
        description = "A JSON file with the content document (default: no blocks).")
    Path content;

    @Option(names = "--json", description = "Print the lesson as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) throws IOException {
      String document = content == null ? null : read(content);
      Lesson lesson = client.lessons().create(title, slug, document);
      if (json) {
        Json.print(lesson, out());
        return 0;
      }
      out().println("lesson: " + lesson.getLessonId());
      out().println("slug:   " + lesson.getSlug());
      out().println("title:  " + lesson.getTitle());
      return 0;
    }

    private static String read(Path file) throws IOException {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new IOException("no such content file: " + file, e);
      }
    }
  }

  /** {@code lessons publish ID [--json]}. */
  @Command(name = "publish", description = "Publish the lesson's draft as its next version.")
  static final class Publish extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "Lesson id.")
    String lessonId;

    @Option(names = "--json", description = "Print the version as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      LessonVersion v = client.lessons().publish(lessonId);
      if (json) {
        Json.print(v, out());
        return 0;
      }
      out().println("version:   " + v.getVersionNumber());
      out().println("id:        " + v.getVersionId());
      out().println("published: " + CourseText.time(v.getPublishTime()));
      return 0;
    }
  }

  /** {@code lessons list [--json]}. */
  @Command(name = "list", description = "List the lessons, oldest first.")
  static final class ListLessons extends ClientCommand {
    @Option(names = "--json", description = "Print the lessons as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) {
      List<Lesson> lessons = client.lessons().listAll();
      if (json) {
        Json.print(ListLessonsResponse.newBuilder().addAllLessons(lessons), out());
        return 0;
      }
      TextTable table = new TextTable("ID", "SLUG", "VERSION", "UPDATED", "TITLE");
      for (Lesson l : lessons) {
        table.row(
            l.getLessonId(),
            l.getSlug(),
            l.getLatestVersionNumber() == 0 ? "-" : l.getLatestVersionNumber(),
            CourseText.time(l.getUpdateTime()),
            l.getTitle());
      }
      table.print(out());
      return 0;
    }
  }

  /** {@code lessons get ID [--version VID | --versions] [--json]}. */
  @Command(
      name = "get",
      description = "Show a lesson and its draft, one published version, or its versions.")
  static final class Get extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "Lesson id.")
    String lessonId;

    @Option(names = "--version", paramLabel = "VID", description = "Show this published version.")
    String versionId;

    @Option(names = "--versions", description = "List the published versions, newest first.")
    boolean versions;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    void checkArguments() {
      if (versionId != null && versions) {
        throw usage("--version and --versions cannot be combined");
      }
    }

    @Override
    int run(CourseportClient client) {
      if (versions) {
        List<LessonVersion> all = client.lessons().versions(lessonId);
        if (json) {
          Json.print(ListLessonVersionsResponse.newBuilder().addAllVersions(all), out());
          return 0;
        }
        TextTable table = new TextTable("VERSION", "ID", "PUBLISHED", "TITLE");
        for (LessonVersion v : all) {
          table.row(
              v.getVersionNumber(),
              v.getVersionId(),
              CourseText.time(v.getPublishTime()),
              v.getTitle());
        }
        table.print(out());
        return 0;
      }
      if (versionId != null) {
        LessonVersion v = client.lessons().version(lessonId, versionId);
        if (!json) {
          out().println("lesson:    " + v.getLessonId());
          out().println("version:   " + v.getVersionNumber() + " (" + v.getVersionId() + ")");
          out().println("published: " + CourseText.time(v.getPublishTime()));
          out().println("title:     " + v.getTitle());
          out().println("content:");
        }
        Json.print(json ? v : v.getContent(), out());
        return 0;
      }
      Lesson l = client.lessons().get(lessonId);
      if (!json) {
        out().println("lesson:  " + l.getLessonId());
        out().println("slug:    " + l.getSlug());
        out().println("title:   " + l.getTitle());
        out()
            .println(
                "latest:  "
                    + (l.getLatestVersionNumber() == 0
                        ? "not published"
                        : "version "
                            + l.getLatestVersionNumber()
                            + " ("
                            + l.getLatestVersionId()
                            + ")"));
        out().println("draft:");
      }
      Json.print(json ? l : l.getContent(), out());
      return 0;
    }
  }

  /** {@code lessons delete ID}. */
  @Command(name = "delete", description = "Delete a lesson and all its published versions.")
  static final class Delete extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "Lesson id.")
    String lessonId;

    @Override
    int run(CourseportClient client) {
      client.lessons().delete(lessonId);
      out().println("deleted lesson '" + lessonId + "'");
      return 0;
    }
  }

  /** {@code lessons export ID --version VID [-o FILE|DIR]}. */
  @Command(
      name = "export",
      description =
          "Download a published version as a lesson bundle zip (lesson.json, media, widgets,"
              + " manifest.json).")
  static final class Export extends ClientCommand {
    @Parameters(paramLabel = "ID", description = "Lesson id.")
    String lessonId;

    @Option(
        names = "--version",
        required = true,
        paramLabel = "VID",
        description = "The published version's id.")
    String versionId;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "PATH",
        description = "File to write, or a directory for {slug}-v{n}.zip (default: here).")
    Path output = Path.of(".");

    @Override
    int run(CourseportClient client) throws IOException {
      Path written = client.lessons().exportVersion(lessonId, versionId, output);
      out().println("saved:  " + written);
      out().println("size:   " + Files.size(written) + " bytes");
      out().println("sha256: " + sha256(written));
      return 0;
    }

    private static String sha256(Path file) throws IOException {
      MessageDigest digest;
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    }
  }

  /** {@code lessons import ZIP [--publish] [--title T] [--slug S] [--json]}. */
  @Command(
      name = "import",
      description = "Create a lesson, its media and widgets from a lesson bundle zip (an export).")
  static final class Import extends ClientCommand {
    @Parameters(paramLabel = "ZIP", description = "The lesson bundle zip.")
    Path zip;

    @Option(names = "--publish", description = "Publish the imported lesson as version 1.")
    boolean publish;

    @Option(names = "--title", description = "The new lesson's title (default: the bundle's).")
    String title;

    @Option(
        names = "--slug",
        description = "The new lesson's slug (default: the bundle's, made unique).")
    String slug;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    int run(CourseportClient client) throws IOException {
      if (!Files.isRegularFile(zip)) {
        throw new IOException("no such bundle file: " + zip);
      }
      ImportLessonBundleResponse r =
          client.lessons().importBundle(zip, title, slug, publish, ProgressListener.NONE);
      if (json) {
        Json.print(r, out());
        return 0;
      }
      out().println("lesson:  " + r.getLesson().getLessonId());
      out().println("slug:    " + r.getLesson().getSlug());
      out().println("title:   " + r.getLesson().getTitle());
      out().println("media:   " + r.getMediaIdsCount());
      out().println("widgets: " + r.getWidgetIdsCount());
      if (r.hasVersion()) {
        out()
            .println(
                "version: "
                    + r.getVersion().getVersionNumber()
                    + " ("
                    + r.getVersion().getVersionId()
                    + ")");
      }
      for (String warning : r.getWarningsList()) {
        err().println("warning: " + warning);
      }
      return 0;
    }
  }
}
