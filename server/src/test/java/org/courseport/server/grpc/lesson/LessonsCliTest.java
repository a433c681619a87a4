package org.courseport.server.grpc.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.courseport.client.cli.ClientFactory;
import org.courseport.client.cli.CourseportCli;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code courseport lessons create|publish|list|get|delete} in-process against the real server. */
class LessonsCliTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private final String key = server.newTenant();

  @TempDir Path dir;

  @Test
  void createPublishListGetDelete() throws Exception {
    Path content = dir.resolve("cells.json");
    Files.writeString(
        content,
        "{\"blocks\":[{\"type\":\"heading\",\"text\":\"Cells\"},{\"type\":\"text\","
            + "\"html\":\"<p>Cells<script>x()</script></p>\"}]}");

    Run created =
        cli("lessons", "create", "--title", "Cell Biology", "--content", content.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    String id = value(created, "lesson: ");
    assertThat(value(created, "slug:   ")).isEqualTo("cell-biology");

    Run published = cli("lessons", "publish", id);
    assertThat(published.exitCode()).as(published.err()).isZero();
    assertThat(value(published, "version:   ")).isEqualTo("1");
    String versionId = value(published, "id:        ");

    Run list = cli("lessons", "list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.outLines().get(0)).startsWith("ID").contains("SLUG", "VERSION", "TITLE");
    assertThat(list.outLines().get(1)).startsWith(id).contains("cell-biology", "Cell Biology");
    assertThat(cli("lessons", "list", "--json").out()).contains("\"slug\": \"cell-biology\"");

    Run got = cli("lessons", "get", id);
    assertThat(got.exitCode()).isZero();
    assertThat(got.out())
        .contains("latest:  version 1 (" + versionId + ")")
        // JSON as protobuf prints it, with HTML characters escaped; the script is gone.
        .contains("\"html\": \"\\u003cp\\u003eCells\\u003c/p\\u003e\"")
        .doesNotContain("script");
    Run version = cli("lessons", "get", id, "--version", versionId);
    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out()).contains("version:   1 (" + versionId + ")", "\"Cells\"");
    Run versions = cli("lessons", "get", id, "--versions");
    assertThat(versions.outLines().get(1)).startsWith("1").contains(versionId);

    Run deleted = cli("lessons", "delete", id);
    assertThat(deleted.exitCode()).isZero();
    assertThat(deleted.out()).contains("deleted lesson '" + id + "'");
    Run again = cli("lessons", "get", id);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("Lesson not found").contains("LESSON_NOT_FOUND");
  }

  @Test
  void badContent_andBadArguments_failWithAClearMessage() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"blocks\":[{\"type\":\"image\",\"media\":\"media:x\"}]}");

    Run refused = cli("lessons", "create", "--title", "Bad", "--content", bad.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        // The command line names its own flag for the API's field.
        .contains("Invalid lesson --content: /blocks/0")
        .contains("required property 'alt' not found")
        .contains("INVALID_LESSON_CONTENT");

    Run missing =
        cli("lessons", "create", "--title", "X", "--content", dir.resolve("nope.json").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no such content file");

    Path notObject = dir.resolve("array.json");
    Files.writeString(notObject, "[1, 2]");
    Run array = cli("lessons", "create", "--title", "X", "--content", notObject.toString());
    assertThat(array.exitCode()).isEqualTo(1);
    assertThat(array.err()).contains("not a JSON object");

    assertThat(cli("lessons", "get", "x", "--version", "v", "--versions").exitCode()).isEqualTo(2);
    Run badId = cli("lessons", "publish", "not-a-uuid");
    assertThat(badId.exitCode()).isEqualTo(1);
    assertThat(badId.err()).contains("Invalid lesson ID");
  }

  private static String value(Run run, String prefix) {
    return run.outLines().stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).trim())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' in " + run.out()));
  }

  private Run cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--target=127.0.0.1:" + server.server().grpcPort());
    all.add("--key=" + key);
    CommandLine commandLine =
        CourseportCli.commandLine(new CourseportCli(ClientFactory.PLAINTEXT, false));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(all.toArray(String[]::new));
    return new Run(exitCode, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }
  }
}
