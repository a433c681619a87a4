package org.courseport.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.courseport.client.ApiKey;
import org.courseport.client.testing.FakeCourseService;
import org.courseport.client.testing.InProcessCourseport;
import picocli.CommandLine;

/** Runs the command line against an in-process fake server, capturing stdout, stderr and exit. */
final class CliHarness implements AutoCloseable {
  final InProcessCourseport courseport = new InProcessCourseport();
  final FakeCourseService service = courseport.service;
  String target;
  ApiKey key;

  CliHarness() throws IOException {}

  /** Runs with the test key appended, as a user with COURSEPORT_KEY set would. */
  Run run(String... args) {
    List<String> withKey = new ArrayList<>(List.of(args));
    withKey.add("--key=app:s3cret");
    return runExactly(withKey.toArray(String[]::new));
  }

  Run runExactly(String... args) {
    CourseportCli cli =
        new CourseportCli(
            (target, key) -> {
              this.target = target;
              this.key = key;
              return courseport.client(key);
            },
            false);
    return execute(new CommandLine(cli), args);
  }

  static Run execute(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  @Override
  public void close() {
    courseport.close();
  }

  /** What one run printed and returned. */
  record Run(int exitCode, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }

    List<String> outLines() {
      return out.lines().toList();
    }
  }
}
