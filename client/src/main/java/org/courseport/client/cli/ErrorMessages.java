package org.courseport.client.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.courseport.client.CourseportException;
import org.courseport.client.UnavailableException;

/** Turns a failure into the one line the command line prints after {@code error: }. */
final class ErrorMessages {
  private ErrorMessages() {}

  static String describe(Throwable failure, String target) {
    if (failure instanceof UnavailableException unavailable && unavailable.reason().isEmpty()) {
      return "cannot reach " + target + ": " + transportMessage(unavailable);
    }
    if (failure instanceof CourseportException error) {
      return error.getMessage() + " (" + error.reasonOrCode() + ")";
    }
    if (failure instanceof NoSuchFileException missing) {
      return "no such file: " + missing.getFile();
    }
    if (failure instanceof AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    if (failure instanceof IOException && failure.getMessage() != null) {
      return failure.getMessage();
    }
    return failure.toString();
  }

  /** The transport's own reason (for example "...Connection refused: localhost/127.0.0.1:9090"). */
  private static String transportMessage(CourseportException error) {
    for (Throwable cause = error.status().getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        return cause.getMessage();
      }
    }
    return error.getMessage();
  }
}
