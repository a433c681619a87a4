package org.courseport.server.grpc.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.courseport.client.cli.ClientFactory;
import org.courseport.client.cli.CourseportCli;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code courseport courses create --from-lessons ... --wait} in-process against the server. */
class CoursesCreateCliTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private final String key = server.newTenant();

  @Test
  void createFromLessons_waitsForTheCourse_andTheCourseIsListed() {
    String[] a = publish("Atoms");
    String[] b = publish("Bonds");
    String[] c = publish("Crystals");
    Run created =
        cli(
            "courses",
            "create",
            "--from-lessons",
            "Basics=" + a[0] + "@" + a[1] + "," + b[0] + "@" + b[1],
            "--from-lessons",
            "Solids=" + c[0] + "@" + c[1],
            "--subject",
            "Chemistry",
            "--wait");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(value(created, "status: ")).isEqualTo("completed");
    String courseId = value(created, "course: ");
    assertThat(courseId).startsWith("cou_");
    assertThat(value(created, "name:   ")).isEqualTo("Chemistry");
    assertThat(value(created, "share:  ")).endsWith("/go/" + courseId);

    Run got = cli("courses", "get", courseId, "--json");
    assertThat(got.exitCode()).as(got.err()).isZero();
    assertThat(got.out()).contains("\"title\": \"Chemistry\"");

    Run noWait = cli("courses", "create", "--from-lessons", "Only=" + a[0] + "@" + a[1]);
    assertThat(noWait.exitCode()).as(noWait.err()).isZero();
    assertThat(value(noWait, "status: ")).isEqualTo("pending");
  }

  @Test
  void badFlags_andUnknownLessons_failWithAClearMessage() {
    Run syntax = cli("courses", "create", "--from-lessons", "NoEquals");
    assertThat(syntax.exitCode()).isEqualTo(2);
    assertThat(syntax.err()).contains("TITLE=LESSON@VERSION");
    Run ref = cli("courses", "create", "--from-lessons", "M=abc");
    assertThat(ref.exitCode()).isEqualTo(2);
    assertThat(ref.err()).contains("'abc' is not LESSON@VERSION");
    String missing = "7d1c1ad2-5b0c-4c5e-9b7e-1f0d7a5d9a11";
    Run unknown = cli("courses", "create", "--from-lessons", "M=" + missing + "@" + missing);
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("has no published version").contains(missing);
  }

  private String[] publish(String title) {
    Run created = cli("lessons", "create", "--title", title);
    assertThat(created.exitCode()).as(created.err()).isZero();
    String id = value(created, "lesson: ");
    Run published = cli("lessons", "publish", id);
    assertThat(published.exitCode()).as(published.err()).isZero();
    return new String[] {id, value(published, "id:        ")};
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
