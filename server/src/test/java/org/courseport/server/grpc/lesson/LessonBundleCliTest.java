package org.courseport.server.grpc.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.courseport.client.cli.ClientFactory;
import org.courseport.client.cli.CourseportCli;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code courseport lessons export|import} in-process against the real server. */
class LessonBundleCliTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String key = server.newTenant();

  @TempDir Path dir;

  @Test
  void exportThenImport_roundTripsTheLesson() throws Exception {
    Path content = dir.resolve("cells.json");
    Files.writeString(
        content,
        "{\"blocks\":[{\"type\":\"heading\",\"text\":\"Cells\"},{\"type\":\"quiz\","
            + "\"questions\":[{\"type\":\"numeric\",\"prompt\":\"pi?\",\"points\":2,"
            + "\"answer\":3.14159,\"tolerance\":0.01}]}]}");
    Run created =
        cli("lessons", "create", "--title", "Cell Biology", "--content", content.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    String id = value(created, "lesson: ");
    Run published = cli("lessons", "publish", id);
    String versionId = value(published, "id:        ");

    Run exported = cli("lessons", "export", id, "--version", versionId, "-o", dir.toString());
    assertThat(exported.exitCode()).as(exported.err()).isZero();
    Path zip = dir.resolve("cell-biology-v1.zip");
    assertThat(value(exported, "saved:  ")).isEqualTo(zip.toString());
    byte[] bytes = Files.readAllBytes(zip);
    assertThat(value(exported, "size:   ")).isEqualTo(bytes.length + " bytes");
    assertThat(value(exported, "sha256: "))
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));

    Run imported = cli("lessons", "import", zip.toString(), "--publish");
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    String newId = value(imported, "lesson:  ");
    assertThat(newId).isNotEqualTo(id);
    assertThat(value(imported, "slug:    ")).isEqualTo("cell-biology-2");
    assertThat(value(imported, "title:   ")).isEqualTo("Cell Biology");
    assertThat(value(imported, "version: ")).startsWith("1 (");
    String newVersion = value(imported, "version: ").replaceAll("^1 \\((.*)\\)$", "$1");

    Path again = dir.resolve("again.zip");
    Run second = cli("lessons", "export", newId, "--version", newVersion, "-o", again.toString());
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(
            JSON.readTree(entries(Files.readAllBytes(again)).get("cell-biology-2-v1/lesson.json")))
        .isEqualTo(JSON.readTree(entries(bytes).get("cell-biology-v1/lesson.json")));

    Run json = cli("lessons", "import", zip.toString(), "--slug", "copy", "--json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(JSON.readTree(json.out()).at("/lesson/slug").asText()).isEqualTo("copy");
  }

  @Test
  void badBundles_andBadArguments_failWithAClearMessage() throws Exception {
    Path notZip = dir.resolve("notes.zip");
    Files.writeString(notZip, "hello, not a zip");
    Run refused = cli("lessons", "import", notZip.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("ZIP_INVALID");

    Run missing = cli("lessons", "import", dir.resolve("nope.zip").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no such bundle file");

    assertThat(cli("lessons", "export", "x").exitCode()).isEqualTo(2);
    Run unknown =
        cli(
            "lessons",
            "export",
            "00000000-0000-4000-8000-000000000000",
            "--version",
            "00000000-0000-4000-8000-000000000001",
            "-o",
            dir.toString());
    assertThat(unknown.exitCode()).isEqualTo(1);
    // The command line names its own flag for the API's version field.
    assertThat(unknown.err()).contains("Published --version not found (NOT_FOUND)");
  }

  private static Map<String, byte[]> entries(byte[] zip) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  private static String value(Run run, String prefix) {
    return run.outLines().stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).trim())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' in " + run.out() + run.err()));
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
