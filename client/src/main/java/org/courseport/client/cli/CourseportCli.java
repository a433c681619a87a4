package org.courseport.client.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.courseport.client.ApiKey;
import org.courseport.client.CourseportClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The courseport command line: imports, validation and course management over gRPC. */
@Command(
    name = "courseport",
    version = "courseport 0.1.0",
    description = "Imports, validates and manages e-learning courses on a Courseport server.",
    subcommands = {
      ImportCommand.class,
      ValidateCommand.class,
      CoursesCommand.class,
      WebhooksCommand.class,
      PackagesCommand.class,
      LessonsCommand.class,
      MediaCommand.class,
      WidgetsCommand.class,
      AdminCommand.class
    })
public final class CourseportCli implements Callable<Integer> {
  static final int EXIT_FAILURE = 1;
  static final int EXIT_USAGE = 2;

  @Option(
      names = "--target",
      scope = ScopeType.INHERIT,
      paramLabel = "host:port",
      defaultValue = "${env:COURSEPORT_TARGET:-localhost:9090}",
      description = "gRPC address of the server (env COURSEPORT_TARGET; default localhost:9090).")
  String target;

  @Option(
      names = "--key",
      scope = ScopeType.INHERIT,
      paramLabel = "id:secret",
      defaultValue = "${env:COURSEPORT_KEY}",
      description = "API key (env COURSEPORT_KEY).")
  String key;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean verbose;

  @Option(
      names = {"-h", "--help"},
      scope = ScopeType.INHERIT,
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
  boolean versionRequested;

  @Spec CommandSpec spec;

  private final ClientFactory factory;
  private final boolean stderrIsTerminal;

  /** The command line as run from a shell: plaintext connections, progress bar when on a TTY. */
  public CourseportCli() {
    this(ClientFactory.PLAINTEXT, Terminal.stderrIsTerminal());
  }

  /** A command line creating its clients with {@code factory}. */
  public CourseportCli(ClientFactory factory, boolean stderrIsTerminal) {
    this.factory = factory;
    this.stderrIsTerminal = stderrIsTerminal;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new CourseportCli()).execute(args));
  }

  /** A CommandLine for {@code cli} that reports usage errors in one line. */
  public static CommandLine commandLine(CourseportCli cli) {
    CommandLine commandLine = new CommandLine(cli);
    commandLine.setParameterExceptionHandler(CourseportCli::usageError);
    return commandLine;
  }

  /** Without a command: show the usage on stderr and fail as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return EXIT_USAGE;
  }

  boolean stderrIsTerminal() {
    return stderrIsTerminal;
  }

  /**
   * Runs {@code action} with a client for the global target and key, turning every failure into one
   * line on stderr (and a stack trace with --verbose) and an exit code.
   */
  int execute(CommandSpec command, ClientAction action) {
    PrintWriter err = command.commandLine().getErr();
    try {
      String targetProblem = Targets.problem(target);
      if (targetProblem != null) {
        err.println("error: " + targetProblem);
        return EXIT_USAGE;
      }
      ApiKey apiKey = apiKey();
      if (apiKey == null) {
        return EXIT_USAGE;
      }
      try (CourseportClient client = factory.create(target, apiKey)) {
        return action.run(client);
      }
    } catch (ParameterException e) {
      throw e;
    } catch (Exception e) {
      err.println("error: " + ErrorMessages.describe(e, target, command));
      if (verbose) {
        e.printStackTrace(err);
      }
      return EXIT_FAILURE;
    } finally {
      command.commandLine().getOut().flush();
      err.flush();
    }
  }

  private ApiKey apiKey() {
    PrintWriter err = spec.commandLine().getErr();
    if (key == null || key.isBlank()) {
      err.println("error: no API key: pass --key id:secret or set COURSEPORT_KEY=id:secret");
      return null;
    }
    try {
      return ApiKey.parse(key);
    } catch (IllegalArgumentException e) {
      err.println("error: malformed API key: give it as id:secret (--key or COURSEPORT_KEY)");
      return null;
    }
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    String message = e.getMessage().replaceFirst("^Error: ", "");
    command.getErr().println("error: " + message + " (see '" + name + " --help')");
    command.getErr().flush();
    return EXIT_USAGE;
  }

  /** What a command does with its client; returns the exit code. */
  @FunctionalInterface
  interface ClientAction {
    int run(CourseportClient client) throws Exception;
  }
}
