package org.courseport.server.grpc;

import java.io.IOException;
import java.io.InputStream;
import org.courseport.server.domain.DomainException;

/**
 * The part of a file a streaming read sends: from {@code offset}, at most {@code limit} bytes
 * ({@code -1}: to the end). The whole file by default.
 */
public record ByteWindow(long offset, long limit) {

  public static final ByteWindow WHOLE = new ByteWindow(0, -1);

  /** The window of a request's optional {@code offset} and {@code limit}. */
  public static ByteWindow of(boolean hasOffset, long offset, boolean hasLimit, long limit) {
    if ((hasOffset && offset < 0) || (hasLimit && limit < 0)) {
      throw DomainException.invalid("PARAMETER_INVALID", "offset and limit must be 0 or more");
    }
    return new ByteWindow(hasOffset ? offset : 0, hasLimit ? limit : -1);
  }

  /** Skips to the offset of {@code in}; a stream shorter than the offset ends empty. */
  InputStream skipTo(InputStream in) throws IOException {
    long left = offset;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          break;
        }
        skipped = 1;
      }
      left -= skipped;
    }
    return in;
  }
}
