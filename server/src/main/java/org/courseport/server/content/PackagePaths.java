package org.courseport.server.content;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.courseport.server.domain.DomainException;
import org.courseport.server.packaging.PackageFiles;

/**
 * Turns the path of a package-file URL ({@code /s/{token}/c/{path}}) into a path inside the
 * package: percent-decoded as UTF-8, backslashes as slashes, {@code .} and inner {@code ..}
 * segments resolved as the import does ({@link PackageFiles#normalize}). A path that leaves the
 * package, holds NUL or another control character, or is not valid UTF-8 is refused.
 */
final class PackagePaths {
  private PackagePaths() {}

  /** The result: a path, or why there is none. */
  sealed interface Result {}

  /** A file path inside the package (never empty, never ends with '/'). */
  record Path(String path) implements Result {}

  /** A path naming a folder (ends with '/', or is empty): no listings, 404. */
  record Folder() implements Result {}

  /** A refused path (escape, NUL, bad encoding): 400 with the message. */
  record Refused(String message) implements Result {}

  static Result parse(String rawUrlPath) {
    String decoded = percentDecode(rawUrlPath).orElse(null);
    if (decoded == null) {
      return new Refused("The file path is not valid percent-encoded UTF-8");
    }
    String slashed = decoded.replace('\\', '/');
    if (slashed.isEmpty() || slashed.endsWith("/")) {
      return new Folder();
    }
    String path;
    try {
      path = PackageFiles.normalize(slashed);
    } catch (DomainException e) {
      return new Refused(
          slashed.indexOf('\0') >= 0 || slashed.chars().anyMatch(Character::isISOControl)
              ? "The file path must not contain NUL or other control characters"
              : "The file path must stay inside the package");
    }
    return path.isEmpty() ? new Folder() : new Path(path);
  }

  /** Decodes %XX escapes as UTF-8 ('+' stays '+'); empty when malformed. */
  static Optional<String> percentDecode(String text) {
    if (text.indexOf('%') < 0) {
      return Optional.of(text);
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(utf8.length);
    for (int i = 0; i < utf8.length; i++) {
      if (utf8[i] != '%') {
        bytes.write(utf8[i]);
        continue;
      }
      if (i + 2 >= utf8.length) {
        return Optional.empty();
      }
      int high = Character.digit(utf8[i + 1], 16);
      int low = Character.digit(utf8[i + 2], 16);
      if (high < 0 || low < 0) {
        return Optional.empty();
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
