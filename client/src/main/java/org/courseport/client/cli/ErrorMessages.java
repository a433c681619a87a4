package org.courseport.client.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;
import org.courseport.client.CourseportException;
import org.courseport.client.UnavailableException;

/** Turns a failure into the one line the command line prints after {@code error: }. */
final class ErrorMessages {
  private static final Pattern NEW_VERSION_SET =
      Pattern.compile("\\bset (mayCreateNewVersion|may_create_new_version)(=true| to true)?");

  private ErrorMessages() {}

  static String describe(Throwable failure, String target) {
    if (failure instanceof UnavailableException unavailable && unavailable.reason().isEmpty()) {
      return "cannot reach " + target + ": " + transportMessage(unavailable);
    }
    if (failure instanceof CourseportException error) {
      return inCliTerms(error.getMessage()) + " (" + error.reasonOrCode() + ")";
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

  /**
   * A server message with the API's parameter names replaced by this command line's flags: the
   * server words its messages for REST and gRPC callers ({@code mayCreateNewVersion=true}), a user
   * of the command line passes {@code --new-version}.
   */
  static String inCliTerms(String message) {
    if (message == null) {
      return "";
    }
    return NEW_VERSION_SET
        .matcher(message)
        .replaceAll("pass --new-version")
        .replaceAll("\\b(mayCreateNewVersion|may_create_new_version)(=true)?\\b", "--new-version");
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
