package org.courseport.server.packaging.zip;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Decodes entry names that are not flagged as UTF-8: UTF-8 when valid, else CP437. */
final class EntryNameDecoder {
  /** Where a decoded name came from. */
  enum Source {
    /** EFS bit set or an Info-ZIP Unicode path field: the name is reliable. */
    FLAGGED,
    /** Not flagged but plain ASCII: every encoding agrees. */
    ASCII,
    /** Not flagged, decoded as UTF-8 because the bytes are valid UTF-8. */
    GUESSED_UTF8,
    /** Not flagged, not valid UTF-8: decoded as CP437, the zip specification's default. */
    CP437
  }

  /** A decoded name and the number of bytes it had in the zip. */
  record Decoded(String name, Source source, int rawLength) {}

  private static final Charset CP437 = cp437();

  private EntryNameDecoder() {}

  static Decoded decode(CentralRecord entry) {
    byte[] raw = entry.rawName();
    if (entry.usesUtf8Names()) {
      return new Decoded(new String(raw, StandardCharsets.UTF_8), Source.FLAGGED, raw.length);
    }
    if (entry.unicodeName() != null) {
      return new Decoded(entry.unicodeName(), Source.FLAGGED, raw.length);
    }
    if (isAscii(raw)) {
      return new Decoded(new String(raw, StandardCharsets.US_ASCII), Source.ASCII, raw.length);
    }
    try {
      String utf8 =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw))
              .toString();
      return new Decoded(utf8, Source.GUESSED_UTF8, raw.length);
    } catch (CharacterCodingException e) {
      return new Decoded(new String(raw, CP437), Source.CP437, raw.length);
    }
  }

  private static boolean isAscii(byte[] raw) {
    for (byte b : raw) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static Charset cp437() {
    // IBM437 lives in the jdk.charsets module, which a trimmed runtime may lack.
    return Charset.isSupported("IBM437") ? Charset.forName("IBM437") : StandardCharsets.ISO_8859_1;
  }
}
