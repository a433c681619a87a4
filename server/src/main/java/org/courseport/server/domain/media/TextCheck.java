package org.courseport.server.domain.media;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.courseport.server.domain.DomainException;

/**
 * Checks, chunk by chunk, that bytes are a text file of one kind (a widget's JavaScript or CSS):
 * UTF-8, no NUL or other binary control characters, and not markup (the first character after a
 * byte order mark and white space is not {@code <}, which would make it HTML).
 */
final class TextCheck {

  private final String what;
  private final String reason;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final CharBuffer chars = CharBuffer.allocate(8192);
  private ByteBuffer pending = ByteBuffer.allocate(0);
  private boolean started;
  private long offset;

  /**
   * @param what the file, for messages: "The widget script"
   * @param reason the reason of the errors
   */
  TextCheck(String what, String reason) {
    this.what = what;
    this.reason = reason;
  }

  void update(byte[] b, int off, int len) {
    ByteBuffer in;
    if (pending.hasRemaining()) {
      in = ByteBuffer.allocate(pending.remaining() + len);
      in.put(pending).put(b, off, len).flip();
    } else {
      in = ByteBuffer.wrap(b, off, len);
    }
    decode(in, false);
    pending = ByteBuffer.allocate(in.remaining()).put(in).flip();
  }

  void finish() {
    decode(pending, true);
    chars.clear();
    CoderResult result = decoder.flush(chars);
    if (result.isError()) {
      throw invalid("ends inside a UTF-8 sequence");
    }
    scan();
  }

  private void decode(ByteBuffer in, boolean last) {
    while (true) {
      chars.clear();
      CoderResult result = decoder.decode(in, chars, last);
      scan();
      if (result.isError()) {
        throw invalid(
            "is not UTF-8 text (invalid bytes at offset " + (offset + in.position()) + ")");
      }
      if (result.isUnderflow()) {
        return;
      }
    }
  }

  private void scan() {
    chars.flip();
    while (chars.hasRemaining()) {
      char c = chars.get();
      offset++;
      if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')) {
        throw invalid("contains a binary control character (U+" + hex(c) + "), so it is not text");
      }
      if (!started && c != '\ufeff' && !Character.isWhitespace(c)) {
        started = true;
        if (c == '<') {
          throw invalid("starts with '<': it looks like HTML or XML");
        }
      }
    }
  }

  private DomainException invalid(String why) {
    return DomainException.invalid(reason, what + " " + why + ".");
  }

  private static String hex(char c) {
    return String.format("%04X", (int) c);
  }
}
