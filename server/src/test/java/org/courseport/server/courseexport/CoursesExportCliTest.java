package org.courseport.server.courseexport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.courseport.client.cli.ClientFactory;
import org.courseport.client.cli.CourseportCli;
import org.courseport.server.domain.tenant.Plan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code courseport courses export}: exports, prints the URLs and downloads the zip. */
class CoursesExportCliTest {
  private static CourseExportHarness h;
  private static String key;
  private static String freeKey;

  @BeforeAll
  static void start() throws Exception {
    h = new CourseExportHarness();
    key = h.addTenant("cli-tenant", Plan.PAID);
    freeKey = h.addTenant("cli-free", Plan.FREE);
    h.addCourse("cli-tenant", "cou_cli", "CLI course");
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static String[] run(String apiKey, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--target=127.0.0.1:" + h.network.getPort());
    all.add("--key=" + apiKey);
    CommandLine cli = CourseportCli.commandLine(new CourseportCli(ClientFactory.PLAINTEXT, false));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(all.toArray(String[]::new));
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void exportPrintsTheUrlsAndDownloadsTheZip(@TempDir Path dir) throws Exception {
    h.clock.advance(Duration.ofMinutes(2));
    Path file = dir.resolve("course.zip");
    String[] r =
        run(key, "courses", "export", "cou_cli", "--format", "scorm2004", "--out", file.toString());
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(r[1])
        .contains("format:      scorm2004")
        .contains("download:    " + h.base() + "/downloads/")
        .contains("share:       " + h.base() + "/go/cou_cli")
        .contains("saved ");
    byte[] zip = Files.readAllBytes(file);
    assertThat(zip).startsWith(new byte[] {'P', 'K', 3, 4});
    assertThat(r[1]).contains(LearningStudioExportRestTest.sha256(zip));
  }

  @Test
  void errorsNameTheProblem() {
    h.clock.advance(Duration.ofMinutes(2));
    String[] bad = run(key, "courses", "export", "cou_cli", "--format", "scorm3");
    assertThat(bad[0]).isNotEqualTo("0");
    assertThat(bad[2]).contains("scorm2004_4");
    String[] free = run(freeKey, "courses", "export", "cou_cli");
    assertThat(free[0]).isNotEqualTo("0");
    assertThat(free[2]).contains("API access requires a paid plan");
  }
}
