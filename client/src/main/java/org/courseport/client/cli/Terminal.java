package org.courseport.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether stderr is an interactive terminal, to choose between a progress bar and plain lines. */
final class Terminal {
  private Terminal() {}

  static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    try {
      if (Files.isSymbolicLink(fd)) {
        String device = Files.readSymbolicLink(fd).toString();
        return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
      }
    } catch (IOException | SecurityException e) {
      // No /proc: fall back to the console check below.
    }
    return System.console() != null;
  }
}
