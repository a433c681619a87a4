package org.courseport.server.packaging;

import java.nio.charset.StandardCharsets;

/** Magic-number checks that a media upload is what its type says. */
final class MediaSignatures {
  private MediaSignatures() {}

  static boolean matches(String type, byte[] head) {
    String ascii = new String(head, StandardCharsets.ISO_8859_1);
    return switch (type) {
      case "application/pdf" -> ascii.startsWith("%PDF-");
      case "audio/mpeg" -> ascii.startsWith("ID3") || isMpegFrame(head);
      case "audio/wav" -> ascii.startsWith("RIFF") && ascii.startsWith("WAVE", 8);
      case "audio/ogg" -> ascii.startsWith("OggS");
      case "video/webm" ->
          head.length >= 4
              && (head[0] & 0xff) == 0x1a
              && (head[1] & 0xff) == 0x45
              && (head[2] & 0xff) == 0xdf
              && (head[3] & 0xff) == 0xa3;
      case "video/mp4", "audio/mp4", "video/quicktime" ->
          ascii.startsWith("ftyp", 4) || ascii.startsWith("moov", 4) || ascii.startsWith("wide", 4);
      // Other audio/video types: no signature known here, accept.
      default -> head.length > 0;
    };
  }

  private static boolean isMpegFrame(byte[] head) {
    return head.length >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xe0) == 0xe0;
  }
}
