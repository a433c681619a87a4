package org.courseport.server.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.courseport.client.cli.ClientFactory;
import org.courseport.client.cli.CourseportCli;
import org.courseport.server.domain.launch.LaunchMode;
import org.courseport.server.domain.launch.TokenResolution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code courseport courses preview} and {@code courseport packages launch} over real gRPC. */
class LaunchCliTest {
  private static LaunchHarness h;
  private static String key;

  @BeforeAll
  static void start() throws Exception {
    h = new LaunchHarness();
    key = h.addTenant("cli-launch");
    h.addCourse("cli-launch", "golf", "Golf", 2, "ef".repeat(32));
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static String[] run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--target=127.0.0.1:" + h.network.getPort());
    all.add("--key=" + key);
    CommandLine cli = CourseportCli.commandLine(new CourseportCli(ClientFactory.PLAINTEXT, false));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(all.toArray(String[]::new));
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  private static TokenResolution.Valid open(String url) {
    String token = url.strip().substring((LaunchHarness.CONTENT_BASE + "/launch/").length());
    return (TokenResolution.Valid) h.tokens.open(token);
  }

  @Test
  void previewPrintsALinkThatOpensThePreview() {
    String[] r = run("courses", "preview", "golf", "--version", "0", "--expiry", "60");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(r[1].strip()).matches("https://content\\.example\\.test/launch/[A-Za-z0-9_-]{43}");
    var grant = open(r[1]).grant();
    assertThat(grant.mode()).isEqualTo(LaunchMode.PREVIEW);
    assertThat(grant.version()).isZero();

    String[] bad = run("courses", "preview", "golf", "--expiry", "5");
    assertThat(bad[0]).isEqualTo("2");
    assertThat(bad[2]).contains("--expiry must be between 10 and 300");
    String[] missing = run("courses", "preview", "nope");
    assertThat(missing[0]).isEqualTo("1");
    assertThat(missing[2]).contains("nope");
  }

  @Test
  void launchStartsThenResumesASession() {
    String[] r = run("packages", "launch", "golf", "--user", "u-1", "--session", "s-1");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(r[1]).contains("session:  s-1 (new)").contains("revision: 2");
    String url = r[1].lines().filter(l -> l.startsWith("launch:")).findFirst().orElseThrow();
    var grant = open(url.substring("launch:".length())).grant();
    assertThat(grant.mode()).isEqualTo(LaunchMode.TRACKED);
    assertThat(grant.userId()).isEqualTo("u-1");

    String[] again =
        run("packages", "launch", "golf", "--user", "u-1", "--session", "s-1", "--json");
    assertThat(again[0]).as(again[2]).isEqualTo("0");
    assertThat(again[1]).contains("\"resumed\": true").contains("\"launch_url\"");

    String[] usage = run("packages", "launch", "golf", "--user", "u-1");
    assertThat(usage[0]).isEqualTo("2");
    assertThat(usage[2]).contains("--session");
  }
}
