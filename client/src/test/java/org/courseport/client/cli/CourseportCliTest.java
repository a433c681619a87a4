package org.courseport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import org.courseport.api.v1.Course;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CourseportCliTest {
  private CliHarness cli;

  @BeforeEach
  void start() throws Exception {
    cli = new CliHarness();
    cli.service.courses.put("golf", Course.newBuilder().setId("golf").build());
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  @Test
  void globalOptions_afterTheCommand_reachTheClientAndTheServer() {
    CliHarness.Run run =
        cli.runExactly("courses", "get", "golf", "--target", "example:7000", "--key", "id:pw");

    assertThat(run.exitCode()).isZero();
    assertThat(cli.target).isEqualTo("example:7000");
    assertThat(cli.key.id()).isEqualTo("id");
    assertThat(cli.courseport.lastAuthorization()).isEqualTo("Basic aWQ6cHc=");
  }

  @Test
  void target_defaultsToLocalhost9090() {
    assumeTrue(System.getenv("COURSEPORT_TARGET") == null);

    cli.run("courses", "get", "golf");

    assertThat(cli.target).isEqualTo("localhost:9090");
  }

  @Test
  void targetGivenAsAnHttpUrl_saysExactlyWhatToPassAndConnectsNowhere() {
    CliHarness.Run run =
        cli.runExactly(
            "courses", "get", "golf", "--target", "http://localhost:8080", "--key", "a:b");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "error: --target takes the server's gRPC address as host:port, not a URL: got"
                + " 'http://localhost:8080', pass --target localhost:9090 (the gRPC port is 9090"
                + " unless the server sets COURSEPORT_GRPC_PORT; the REST port does not serve the"
                + " command line)");
    assertThat(cli.target).as("no client was created").isNull();
    assertThat(cli.courseport.headers).isEmpty();
  }

  @Test
  void targetGivenAsAUrlWithAGrpcPort_suggestsThatHostAndPort() {
    CliHarness.Run run =
        cli.runExactly(
            "courses", "get", "golf", "--target", "https://courses.example:7000/", "--key", "a:b");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("pass --target courses.example:7000 ");
    assertThat(cli.target).isNull();
  }

  @Test
  void missingKey_saysHowToPassItAndExitsTwo() {
    assumeTrue(System.getenv("COURSEPORT_KEY") == null);

    CliHarness.Run run = cli.runExactly("courses", "get", "golf");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly("error: no API key: pass --key id:secret or set COURSEPORT_KEY=id:secret");
    assertThat(cli.courseport.headers).isEmpty();
  }

  @Test
  void malformedKey_isAUsageError() {
    CliHarness.Run run = cli.runExactly("courses", "get", "golf", "--key", "no-colon");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("id:secret");
  }

  @Test
  void unreachableServer_printsCannotReachInOneLine() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CommandLine commandLine = CourseportCli.commandLine(new CourseportCli());

    CliHarness.Run run =
        CliHarness.execute(
            commandLine, "courses", "get", "x", "--target", "localhost:" + port, "--key", "a:b");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("error: cannot reach localhost:" + port + ": ")
        .contains("Connection refused");
  }

  @Test
  void verbose_addsTheStackTrace() {
    CliHarness.Run run = cli.run("courses", "get", "nope", "--verbose");

    assertThat(run.errLines().get(0))
        .isEqualTo("error: course 'nope' not found (COURSE_NOT_FOUND)");
    assertThat(run.err()).contains("org.courseport.client.NotFoundException").contains("\tat ");
  }

  @Test
  void noCommand_showsUsageOnStderrAndExitsTwo() {
    CliHarness.Run run = cli.run();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Usage: courseport").contains("courses");
  }

  @Test
  void usageError_throughTheConfiguredCommandLine_isOneLine() {
    CommandLine commandLine = CourseportCli.commandLine(new CourseportCli());

    CliHarness.Run run = CliHarness.execute(commandLine, "courses", "get", "--bogus", "--key=a:b");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("error: ")
        .endsWith("(see 'courseport courses get --help')");
  }

  @Test
  void usageError_picocliMessage_losesItsOwnErrorPrefix() {
    CommandLine commandLine = CourseportCli.commandLine(new CourseportCli());

    CliHarness.Run run =
        CliHarness.execute(commandLine, "courses", "tags", "x", "--set", "a", "--add", "b");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("error: ")
        .doesNotContain("Error:")
        .contains("mutually exclusive");
  }

  @Test
  void help_listsTheCommandsOnStdout() {
    CliHarness.Run run = cli.runExactly("courses", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("list", "get", "delete", "versions", "tags", "config", "download");
  }
}
