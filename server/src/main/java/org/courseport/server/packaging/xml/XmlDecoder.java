package org.courseport.server.packaging.xml;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.courseport.server.packaging.support.Findings;

/**
 * Turns the bytes of an XML file into text the way authoring tools meant it: the byte-order mark
 * and the byte pattern of {@code <?xml} decide the encoding family, the declaration picks the
 * charset inside it, and a declaration that contradicts the bytes is repaired with a warning.
 */
public final class XmlDecoder {
  private static final Pattern DECLARED =
      Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private XmlDecoder() {}

  /** Decodes {@code bytes}; repairs are reported on {@code file}. */
  public static String decode(byte[] bytes, String file, Findings findings)
      throws XmlRefusedException {
    if (startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF)
        || startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00)
        || startsWith(bytes, 0x00, 0x00, 0x00, 0x3C)
        || startsWith(bytes, 0x3C, 0x00, 0x00, 0x00)) {
      throw new XmlRefusedException(
          "xml.encoding.unsupported",
          1,
          file + " is UTF-32, which is not supported; save it as UTF-8");
    }
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      findings.warning(
          "xml.bom",
          file,
          1,
          "",
          file + " starts with a UTF-8 byte-order mark; it was read without it");
      return decodeUtf8Family(bytes, 3, file, findings, true);
    }
    if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0x00, 0x3C, 0x00, 0x3F)) {
      return decodeUtf16(bytes, StandardCharsets.UTF_16BE, file, findings);
    }
    if (startsWith(bytes, 0xFF, 0xFE) || startsWith(bytes, 0x3C, 0x00, 0x3F, 0x00)) {
      return decodeUtf16(bytes, StandardCharsets.UTF_16LE, file, findings);
    }
    return decodeUtf8Family(bytes, 0, file, findings, false);
  }

  private static String decodeUtf16(byte[] bytes, Charset charset, String file, Findings findings)
      throws XmlRefusedException {
    int skip = (bytes[0] & 0xFF) == 0xFE || (bytes[0] & 0xFF) == 0xFF ? 2 : 0;
    String text =
        strict(bytes, skip, charset)
            .orElseThrow(
                () ->
                    new XmlRefusedException(
                        "xml.malformed", 0, file + " is not valid " + charset.name() + " text"));
    declaredEncoding(text)
        .filter(d -> !d.toUpperCase(Locale.ROOT).startsWith("UTF-16"))
        .ifPresent(
            d ->
                findings.warning(
                    "xml.encoding.mismatch",
                    file,
                    1,
                    "",
                    file
                        + " declares encoding "
                        + d
                        + " but is stored as "
                        + charset.name()
                        + "; it was read as "
                        + charset.name()));
    return text;
  }

  private static String decodeUtf8Family(
      byte[] bytes, int skip, String file, Findings findings, boolean bom) {
    String head =
        new String(bytes, skip, Math.min(bytes.length - skip, 256), StandardCharsets.ISO_8859_1);
    Optional<String> declared = declaredEncoding(head);
    Charset charset = StandardCharsets.UTF_8;
    if (declared.isPresent() && !bom) {
      charset = charsetFor(declared.get(), file, findings);
    } else if (declared.isPresent() && !isUtf8(declared.get())) {
      findings.warning(
          "xml.encoding.mismatch",
          file,
          1,
          "",
          file
              + " declares encoding "
              + declared.get()
              + " but starts with a UTF-8 byte-order mark; it was read as UTF-8");
    }
    Optional<String> text = strict(bytes, skip, charset);
    if (text.isPresent() && (charset.equals(StandardCharsets.UTF_8) || isAscii(bytes, skip))) {
      return text.get();
    }
    return repairSingleByte(bytes, skip, charset, text, file, findings);
  }

  private static String repairSingleByte(
      byte[] bytes,
      int skip,
      Charset declared,
      Optional<String> asDeclared,
      String file,
      Findings findings) {
    Optional<String> utf8 = strict(bytes, skip, StandardCharsets.UTF_8);
    if (!declared.equals(StandardCharsets.UTF_8) && utf8.isPresent()) {
      findings.warning(
          "xml.encoding.mismatch",
          file,
          1,
          "",
          file
              + " declares encoding "
              + declared.name()
              + " but its bytes are UTF-8; it was read as UTF-8");
      return utf8.get();
    }
    if (asDeclared.isPresent()) {
      return asDeclared.get();
    }
    Charset fallback =
        strict(bytes, skip, WINDOWS_1252).isPresent() ? WINDOWS_1252 : StandardCharsets.ISO_8859_1;
    findings.warning(
        "xml.encoding.mismatch",
        file,
        1,
        "",
        file
            + " is not valid "
            + declared.name()
            + "; it was read as "
            + fallback.name()
            + ". Save it as UTF-8 to keep accented characters");
    return new String(bytes, skip, bytes.length - skip, fallback);
  }

  private static Charset charsetFor(String declared, String file, Findings findings) {
    if (declared.toUpperCase(Locale.ROOT).startsWith("UTF-16")) {
      findings.warning(
          "xml.encoding.mismatch",
          file,
          1,
          "",
          file
              + " declares encoding "
              + declared
              + " but is stored as 8-bit text; it was read as UTF-8");
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(declared);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      findings.warning(
          "xml.encoding.unknown",
          file,
          1,
          "",
          file + " declares the unknown encoding " + declared + "; it was read as UTF-8");
      return StandardCharsets.UTF_8;
    }
  }

  static Optional<String> declaredEncoding(String head) {
    Matcher m = DECLARED.matcher(head);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static Optional<String> strict(byte[] bytes, int skip, Charset charset) {
    try {
      return Optional.of(
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static boolean isUtf8(String name) {
    String n = name.toUpperCase(Locale.ROOT);
    return n.equals("UTF-8") || n.equals("UTF8");
  }

  private static boolean isAscii(byte[] bytes, int skip) {
    for (int i = skip; i < bytes.length; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
