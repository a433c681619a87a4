package org.courseport.server.domain.media;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The media types Courseport stores, their file extensions, and the detection of a type from the
 * first bytes of a file (its signature, or "magic number"); file names and declared types are never
 * trusted on their own.
 */
public final class MediaTypes {

  /** How many leading bytes {@link #sniff} looks at. */
  public static final int HEAD_BYTES = 1024;

  public static final String SVG = "image/svg+xml";

  /** Supported types and their extensions, in the order messages list them. */
  private static final Map<String, String> EXTENSIONS = new LinkedHashMap<>();

  static {
    EXTENSIONS.put("image/jpeg", "jpg");
    EXTENSIONS.put("image/png", "png");
    EXTENSIONS.put("image/gif", "gif");
    EXTENSIONS.put("image/webp", "webp");
    EXTENSIONS.put(SVG, "svg");
    EXTENSIONS.put("video/mp4", "mp4");
    EXTENSIONS.put("video/webm", "webm");
    EXTENSIONS.put("audio/mpeg", "mp3");
    EXTENSIONS.put("audio/mp4", "m4a");
    EXTENSIONS.put("audio/ogg", "ogg");
    EXTENSIONS.put("audio/wav", "wav");
    EXTENSIONS.put("audio/webm", "weba");
    EXTENSIONS.put("application/pdf", "pdf");
  }

  /** Other names callers use for the supported types. */
  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("image/jpg", "image/jpeg"),
          Map.entry("image/pjpeg", "image/jpeg"),
          Map.entry("audio/mp3", "audio/mpeg"),
          Map.entry("audio/x-mp3", "audio/mpeg"),
          Map.entry("audio/mpeg3", "audio/mpeg"),
          Map.entry("audio/x-wav", "audio/wav"),
          Map.entry("audio/wave", "audio/wav"),
          Map.entry("audio/vnd.wave", "audio/wav"),
          Map.entry("audio/x-m4a", "audio/mp4"),
          Map.entry("application/ogg", "audio/ogg"),
          Map.entry("video/ogg", "audio/ogg"),
          Map.entry("application/x-pdf", "application/pdf"));

  /** Types that share one container signature: the declared one of a pair is kept. */
  private static final Set<Set<String>> SAME_CONTAINER =
      Set.of(Set.of("video/mp4", "audio/mp4"), Set.of("video/webm", "audio/webm"));

  /** Declared types that make no claim about the content. */
  private static final Set<String> NO_CLAIM =
      Set.of("application/octet-stream", "binary/octet-stream", "application/unknown");

  private MediaTypes() {}

  /** The supported types, comma-separated, for messages. */
  public static String supportedList() {
    return String.join(", ", EXTENSIONS.keySet());
  }

  /** Whether the (canonical) type is supported. */
  public static boolean isSupported(String type) {
    return EXTENSIONS.containsKey(type);
  }

  /** The extension of a supported type (without a dot), or null. */
  public static String extensionOf(String type) {
    return type == null ? null : EXTENSIONS.get(type);
  }

  /**
   * A declared type in canonical form: lower case, without parameters, aliases resolved; null when
   * the declaration makes no claim (absent, blank or {@code application/octet-stream}).
   */
  public static String canonical(String declared) {
    if (declared == null) {
      return null;
    }
    String type = declared.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (type.isEmpty() || NO_CLAIM.contains(type)) {
      return null;
    }
    return ALIASES.getOrDefault(type, type);
  }

  /** The supported type a file extension names ({@code jpeg}, {@code JPG}, ...), or null. */
  public static String ofExtension(String extension) {
    String ext = extension.toLowerCase(Locale.ROOT);
    if (ext.equals("jpeg") || ext.equals("jpe")) {
      return "image/jpeg";
    }
    if (ext.equals("oga")) {
      return "audio/ogg";
    }
    for (Map.Entry<String, String> e : EXTENSIONS.entrySet()) {
      if (e.getValue().equals(ext)) {
        return e.getKey();
      }
    }
    return null;
  }

  /**
   * Whether a declared type agrees with the type of the bytes: the same, or two names of one
   * container (an MP4 file is {@code video/mp4} or {@code audio/mp4}).
   */
  public static boolean agree(String declared, String sniffed) {
    return declared.equals(sniffed) || SAME_CONTAINER.contains(Set.of(declared, sniffed));
  }

  /** The supported type the leading bytes of a file have, or empty. */
  public static Optional<String> sniff(byte[] head, int length) {
    String ascii = new String(head, 0, length, StandardCharsets.ISO_8859_1);
    if (length >= 3 && u(head, 0) == 0xff && u(head, 1) == 0xd8 && u(head, 2) == 0xff) {
      return Optional.of("image/jpeg");
    }
    if (ascii.startsWith("\u0089PNG\r\n\u001a\n")) {
      return Optional.of("image/png");
    }
    if (ascii.startsWith("GIF87a") || ascii.startsWith("GIF89a")) {
      return Optional.of("image/gif");
    }
    if (ascii.startsWith("RIFF") && ascii.startsWith("WEBP", 8)) {
      return Optional.of("image/webp");
    }
    if (ascii.startsWith("RIFF") && ascii.startsWith("WAVE", 8)) {
      return Optional.of("audio/wav");
    }
    if (ascii.startsWith("%PDF-")) {
      return Optional.of("application/pdf");
    }
    if (ascii.startsWith("OggS")) {
      return Optional.of("audio/ogg");
    }
    if (ascii.startsWith("\u001a\u0045\u00df\u00a3")) {
      // EBML: WebM is the Matroska profile whose DocType is "webm".
      return ascii.substring(0, Math.min(length, 64)).contains("webm")
          ? Optional.of("video/webm")
          : Optional.empty();
    }
    if (ascii.startsWith("ftyp", 4)) {
      String brand = ascii.length() >= 12 ? ascii.substring(8, 12) : "";
      if (brand.equals("qt  ")) {
        return Optional.empty(); // QuickTime, not MP4
      }
      return brand.startsWith("M4A") || brand.startsWith("M4B")
          ? Optional.of("audio/mp4")
          : Optional.of("video/mp4");
    }
    if (ascii.startsWith("ID3") || isMp3Frame(head, length)) {
      return Optional.of("audio/mpeg");
    }
    if (looksLikeSvg(ascii)) {
      return Optional.of(SVG);
    }
    return Optional.empty();
  }

  /**
   * What unsupported leading bytes look like, for messages: {@code text/html}, {@code
   * application/zip}, ..., or {@code an unknown format}.
   */
  public static String describe(byte[] head, int length) {
    String ascii = new String(head, 0, length, StandardCharsets.ISO_8859_1);
    String text = markupStart(ascii).toLowerCase(Locale.ROOT);
    if (text.startsWith("<!doctype html") || text.startsWith("<html") || text.contains("<html")) {
      return "text/html";
    }
    if (text.startsWith("<?xml") || text.startsWith("<")) {
      return "XML or HTML other than SVG";
    }
    if (ascii.startsWith("PK\u0003\u0004")) {
      return "application/zip";
    }
    if (ascii.startsWith("MZ")) {
      return "a Windows executable";
    }
    if (ascii.startsWith("\u007fELF")) {
      return "an ELF executable";
    }
    if (ascii.startsWith("\u001a\u0045\u00df\u00a3")) {
      return "video/x-matroska";
    }
    if (ascii.startsWith("ftyp", 4)) {
      return "video/quicktime";
    }
    return "an unknown format";
  }

  private static boolean isMp3Frame(byte[] head, int length) {
    // MPEG audio frame sync: 11 set bits, then version (not reserved) and layer III.
    return length >= 2
        && u(head, 0) == 0xff
        && (u(head, 1) & 0xe0) == 0xe0
        && ((u(head, 1) >> 3) & 0x3) != 0x1
        && ((u(head, 1) >> 1) & 0x3) == 0x1;
  }

  private static boolean looksLikeSvg(String ascii) {
    String start = markupStart(ascii);
    if (!start.startsWith("<")) {
      return false;
    }
    String lower = start.toLowerCase(Locale.ROOT);
    if (lower.contains("<html") || lower.startsWith("<!doctype html")) {
      return false;
    }
    return lower.startsWith("<svg")
        || ((lower.startsWith("<?xml") || lower.startsWith("<!--") || lower.startsWith("<!doctype"))
            && lower.contains("<svg"));
  }

  /** The text after a UTF-8 byte order mark and leading white space. */
  private static String markupStart(String ascii) {
    String s = ascii.startsWith("\u00ef\u00bb\u00bf") ? ascii.substring(3) : ascii;
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  private static int u(byte[] b, int i) {
    return b[i] & 0xff;
  }
}
