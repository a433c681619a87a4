package org.courseport.client.cli;

import java.util.OptionalInt;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --version N} option of commands that address one course version. */
final class VersionOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  Integer version;

  /**
   * Refuses a negative version as a usage error naming this flag; the server would answer with its
   * own parameter name ("versionId must be 0 or more").
   */
  @Option(
      names = "--version",
      paramLabel = "N",
      description = "Course version (default: the latest, or course level for settings).")
  void setVersion(int value) {
    if (value < 0) {
      throw new ParameterException(
          command.commandLine(), "--version must be 0 or more, got " + value);
    }
    version = value;
  }

  OptionalInt value() {
    return version == null ? OptionalInt.empty() : OptionalInt.of(version);
  }
}
