package org.courseport.server.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.courseport.client.cli.ClientFactory;
import org.courseport.client.cli.CourseportCli;
import picocli.CommandLine;

/**
 * One in-process run of the {@code courseport} command line against a test server: what it printed
 * and returned.
 */
public record CliRun(int exitCode, String out, String err) {

  /** Runs {@code courseport args --target=<server> --key=<key>} (plaintext) and captures it. */
  public static CliRun run(CourseportServerExtension server, String key, String... args) {
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
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  /** Standard output, line by line. */
  public List<String> outLines() {
    return out.lines().toList();
  }

  /** Standard error, line by line. */
  public List<String> errLines() {
    return err.lines().toList();
  }

  /** The stderr lines that report an error (progress lines aside). */
  public List<String> errorLines() {
    return err.lines().filter(l -> l.startsWith("error: ")).toList();
  }
}
