package org.courseport.client.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that talks to the server: checks its arguments, then runs with a client. */
abstract class ClientCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    checkArguments();
    return cli().execute(spec, this::run);
  }

  /** Throws {@link #usage(String)} when arguments do not fit together. */
  void checkArguments() {}

  /** Does the work; returns the exit code. */
  abstract int run(CourseportClient client) throws Exception;

  CourseportCli cli() {
    return (CourseportCli) spec.root().userObject();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
