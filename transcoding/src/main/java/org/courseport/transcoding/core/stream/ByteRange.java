package org.courseport.transcoding.core.stream;

import com.linecorp.armeria.common.annotation.Nullable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One satisfiable byte range of a file (RFC 9110 section 14): {@code length} bytes from {@code
 * start} of a file of {@code total} bytes.
 */
public record ByteRange(long start, long length, long total) {

  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

  /** The {@code Content-Range} value, e.g. {@code bytes 0-99/1000}. */
  public String contentRange() {
    return "bytes " + start + '-' + (start + length - 1) + '/' + total;
  }

  /** A single range as a {@code Range} header asks for it, before the file's size is known. */
  public record Request(@Nullable Long first, @Nullable Long last) {

    /**
     * The request of a {@code Range} header, or null when the header is to be ignored (not {@code
     * bytes}, several ranges, malformed): the whole file is then sent with 200.
     */
    @Nullable
    public static Request parse(@Nullable String header) {
      Matcher m = header == null ? null : SINGLE.matcher(header.trim());
      if (m == null || !m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
        return null;
      }
      try {
        Long first = m.group(1).isEmpty() ? null : Long.valueOf(m.group(1));
        Long last = m.group(2).isEmpty() ? null : Long.valueOf(m.group(2));
        return first != null && last != null && last < first ? null : new Request(first, last);
      } catch (NumberFormatException e) {
        return null;
      }
    }

    /** The range within a file of {@code total} bytes, or null when it is not satisfiable. */
    @Nullable
    public ByteRange resolve(long total) {
      if (first == null) { // bytes=-N: the last N bytes.
        long n = Math.min(last, total);
        return n <= 0 ? null : new ByteRange(total - n, n, total);
      }
      if (first >= total) {
        return null;
      }
      long end = last == null ? total - 1 : Math.min(last, total - 1);
      return new ByteRange(first, end - first + 1, total);
    }
  }
}
