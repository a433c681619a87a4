package org.courseport.client.cli;

import java.util.OptionalInt;
import picocli.CommandLine.Option;

/** The {@code --version N} option of commands that address one course version. */
final class VersionOption {
  @Option(
      names = "--version",
      paramLabel = "N",
      description = "Course version (default: the latest, or course level for settings).")
  Integer version;

  OptionalInt value() {
    return version == null ? OptionalInt.empty() : OptionalInt.of(version);
  }
}
