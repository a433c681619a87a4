package org.courseport.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.courseport.client.cli.ClientFactory;
import org.courseport.client.cli.CourseportCli;
import org.courseport.server.domain.media.MediaItem;
import org.courseport.server.domain.media.WidgetBundle;
import org.courseport.server.grpc.GrpcFixtures;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code courseport media upload|add-url|list|get|delete} and {@code courseport widgets
 * upload|list} run in-process against the real server over plaintext gRPC.
 */
class MediaCliTest {

  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private final String key = server.newTenant();

  @TempDir Path dir;

  @Test
  void mediaUpload_withAttribution_thenListGetDelete() throws Exception {
    byte[] jpeg = MediaSamples.jpeg(150_000, 21); // more than two 64 KiB chunks
    Path file = dir.resolve("cell.jpg");
    Files.write(file, jpeg);

    Run up =
        cli(
            "media",
            "upload",
            file.toString(),
            "--attribution-text",
            "Photo by Jane",
            "--attribution-url",
            "https://unsplash.com/photos/x");
    assertThat(up.exitCode()).as(up.err()).isZero();
    String id = value(up, "id:");
    assertThat(value(up, "type:")).isEqualTo("image/jpeg");
    assertThat(value(up, "reference:")).isEqualTo("media:" + id);

    String tenant = GrpcFixtures.tenantId(server, key);
    MediaItem stored =
        server.server().services().media().find(tenant, UUID.fromString(id)).orElseThrow();
    assertThat(stored.attribution().text()).isEqualTo("Photo by Jane");
    assertThat(stored.sizeBytes()).isEqualTo(jpeg.length);
    try (InputStream in = server.server().services().media().open(stored)) {
      assertThat(in.readAllBytes()).isEqualTo(jpeg);
    }

    Run list = cli("media", "list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).contains(id).contains("image/jpeg").contains("cell.jpg");

    Run json = cli("media", "get", id, "--json");
    assertThat(json.exitCode()).isZero();
    assertThat(json.out()).contains("\"mimeType\": \"image/jpeg\"");

    assertThat(cli("media", "delete", id).exitCode()).isZero();
    Run gone = cli("media", "get", id);
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).contains("Media '" + id + "' not found.");
  }

  @Test
  void mediaUpload_declaredTypeMismatch_failsWithTheServersMessage() throws Exception {
    Path file = dir.resolve("x.png");
    Files.write(file, MediaSamples.gif(500, 1));
    Run run = cli("media", "upload", file.toString(), "--mime-type", "image/png");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "error: The declared type image/png does not match the file's content, which is"
                + " image/gif. (MEDIA_TYPE_MISMATCH)");
    assertThat(cli("media", "upload", dir.resolve("missing.png").toString()).exitCode())
        .isEqualTo(2);
  }

  @Test
  void mediaAddUrl_publicAndPrivate() {
    Run ok = cli("media", "add-url", "https://93.184.215.14/a/b/photo.webp");
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(value(ok, "type:")).isEqualTo("image/webp");
    assertThat(value(ok, "url:")).isEqualTo("https://93.184.215.14/a/b/photo.webp");

    Run refused = cli("media", "add-url", "http://127.0.0.1:8080/x.png");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("The external media URL is refused.");
  }

  @Test
  void widgetsUpload_withAndWithoutStyle_thenList() throws Exception {
    Path js = dir.resolve("w.js");
    Path css = dir.resolve("w.css");
    byte[] script =
        "export default function mount() {}\n".repeat(3000).getBytes(StandardCharsets.UTF_8);
    byte[] style = ".w { color: red }\n".getBytes(StandardCharsets.UTF_8);
    Files.write(js, script);
    Files.write(css, style);

    Run with =
        cli(
            "widgets",
            "upload",
            "--type",
            "multiple-choice",
            "--script",
            js.toString(),
            "--style",
            css.toString());
    assertThat(with.exitCode()).as(with.err()).isZero();
    String id = value(with, "id:");
    WidgetBundle bundle =
        server
            .server()
            .services()
            .media()
            .findWidget(GrpcFixtures.tenantId(server, key), UUID.fromString(id))
            .orElseThrow();
    try (InputStream in = server.server().services().media().openScript(bundle)) {
      assertThat(in.readAllBytes()).isEqualTo(script);
    }
    try (InputStream in = server.server().services().media().openStyle(bundle).orElseThrow()) {
      assertThat(in.readAllBytes()).isEqualTo(style);
    }

    Run without = cli("widgets", "upload", "--type", "plain", "--script", js.toString());
    assertThat(without.exitCode()).as(without.err()).isZero();
    assertThat(value(without, "style:")).isEqualTo("(none)");

    Run list = cli("widgets", "list");
    assertThat(list.out()).contains(id).contains("multiple-choice").contains("plain");
  }

  private static String value(Run run, String prefix) {
    return run.out()
        .lines()
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

  private record Run(int exitCode, String out, String err) {}
}
