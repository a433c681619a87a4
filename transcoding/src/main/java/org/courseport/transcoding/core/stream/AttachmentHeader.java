package org.courseport.transcoding.core.stream;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition: attachment} for a download (RFC 6266): a quoted ASCII {@code
 * filename} for every client, plus {@code filename*=UTF-8''...} when the name is not plain ASCII.
 */
public final class AttachmentHeader {

  private static final String ATTR_CHARS = "!#$&+-.^_`|~";

  private AttachmentHeader() {}

  /** The header value for a file name; directories in the name are dropped. */
  public static String of(String fileName) {
    String name =
        fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
    StringBuilder value = new StringBuilder("attachment; filename=\"");
    boolean ascii = true;
    for (char c : name.toCharArray()) {
      if (c < 0x20 || c >= 0x7f) {
        value.append('_');
        ascii = false;
      } else {
        if (c == '"' || c == '\\') {
          value.append('\\');
        }
        value.append(c);
      }
    }
    value.append('"');
    if (!ascii) {
      value.append("; filename*=UTF-8''").append(percentEncode(name));
    }
    return value.toString();
  }

  private static String percentEncode(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || ATTR_CHARS.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
