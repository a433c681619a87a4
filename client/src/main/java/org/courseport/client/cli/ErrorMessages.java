package org.courseport.client.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.courseport.client.CourseportException;
import org.courseport.client.UnavailableException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Turns a failure into the one line the command line prints after {@code error: }. */
final class ErrorMessages {
  private static final Pattern NEW_VERSION_SET =
      Pattern.compile("\\bset (mayCreateNewVersion|may_create_new_version)(=true| to true)?");

  private ErrorMessages() {}

  static String describe(Throwable failure, String target) {
    return describe(failure, target, null);
  }

  /**
   * As {@link #describe(Throwable, String)}, with the API's parameter names that match an option of
   * {@code command} replaced by that option ({@code courseId} by {@code --course-id}).
   */
  static String describe(Throwable failure, String target, CommandSpec command) {
    if (failure instanceof UnavailableException unavailable && unavailable.reason().isEmpty()) {
      return "cannot reach " + target + ": " + transportMessage(unavailable);
    }
    if (failure instanceof CourseportException error) {
      return inCliTerms(error.getMessage(), command) + " (" + error.reasonOrCode() + ")";
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

  /**
   * {@link #inCliTerms(String)}, and every API parameter name (lowerCamelCase) that is the spelling
   * of one of {@code command}'s long options ({@code postbackUrl} for {@code --postback-url})
   * replaced by the option, as the user typed it.
   */
  static String inCliTerms(String message, CommandSpec command) {
    String text = inCliTerms(message);
    if (command == null) {
      return text;
    }
    for (OptionSpec option : command.options()) {
      String flag = option.longestName();
      if (!flag.startsWith("--")) {
        continue;
      }
      Pattern name = Pattern.compile("(?<![\\w/.=-])" + camelCase(flag) + "(?![\\w/-])");
      text = name.matcher(text).replaceAll(Matcher.quoteReplacement(flag));
    }
    return text;
  }

  /** {@code --postback-url} as the API spells it: {@code postbackUrl}. */
  private static String camelCase(String flag) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : flag.substring(2).toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return Pattern.quote(out.toString());
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
