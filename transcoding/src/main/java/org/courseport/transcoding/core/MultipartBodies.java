package org.courseport.transcoding.core;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.multipart.Multipart;
import com.linecorp.armeria.common.stream.FilteredStreamMessage;
import com.linecorp.armeria.common.stream.StreamMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.reactivestreams.Subscriber;

/**
 * {@link Multipart#from(HttpRequest)} without Armeria 1.35's closing-boundary bug: when a body
 * chunk ends right after {@code --boundary} (or {@code --boundary-}) of the closing delimiter and
 * the final {@code --} arrives in the next chunk, its {@code MimeParser} takes the delimiter for an
 * ordinary boundary and fails the whole form with "No closing MIME boundary" (the soak saw one such
 * 400 among ~250 uploads; which uploads fail depends only on where TCP reads split the body).
 *
 * <p>The body is passed through unchanged except that a chunk whose tail could be the start of a
 * delimiter line ({@code CRLF--boundary--CRLF}, or with bare LF) keeps that tail back and prepends
 * it to the next chunk, so the parser never sees a chunk that ends inside a delimiter; the last
 * tail is emitted before the body completes. Only such chunks are copied.
 */
public final class MultipartBodies {
  private MultipartBodies() {}

  /** The form of {@code req}, read with the guard; as Armeria's when there is no boundary. */
  public static Multipart from(HttpRequest req) {
    MediaType type = req.contentType();
    List<String> boundaries =
        type == null ? List.of() : type.parameters().getOrDefault("boundary", List.of());
    if (boundaries.isEmpty() || boundaries.get(0).isEmpty()) {
      return Multipart.from(req);
    }
    String boundary = boundaries.get(0);
    StreamMessage<HttpData> body = req.filter(o -> o instanceof HttpData).map(o -> (HttpData) o);
    return Multipart.from(boundary, guard(body, boundary));
  }

  /** {@code body} with no chunk ending inside a delimiter line of {@code boundary}. */
  static StreamMessage<HttpData> guard(StreamMessage<? extends HttpData> body, String boundary) {
    return new Guard(body, boundary);
  }

  private static final class Guard extends FilteredStreamMessage<HttpData, HttpData> {
    private final byte[] crlf;
    private final byte[] lf;
    private byte[] carry; // accessed by the subscriber's executor only

    @SuppressWarnings("unchecked")
    Guard(StreamMessage<? extends HttpData> body, String boundary) {
      super((StreamMessage<HttpData>) body);
      crlf = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
      lf = ("\n--" + boundary + "--\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    protected HttpData filter(HttpData data) {
      if (carry == null) {
        int keep = heldBack(data.byteBuf(), data.length());
        if (keep == 0) {
          return data;
        }
        byte[] all = data.array();
        data.close();
        return split(all);
      }
      byte[] next = data.array();
      data.close();
      byte[] all = new byte[carry.length + next.length];
      System.arraycopy(carry, 0, all, 0, carry.length);
      System.arraycopy(next, 0, all, carry.length, next.length);
      carry = null;
      return split(all);
    }

    private HttpData split(byte[] all) {
      int keep = heldBack(Unpooled.wrappedBuffer(all), all.length);
      if (keep > 0) {
        carry = Arrays.copyOfRange(all, all.length - keep, all.length);
      }
      return HttpData.wrap(all, 0, all.length - keep);
    }

    /**
     * How many trailing bytes to keep back: the longest suffix that is a proper prefix of a
     * delimiter line, repeated on what is left (keeping back "CRLF" of "CRLF--boundary CRLF" would
     * leave a chunk ending in "--boundary", itself such a prefix).
     */
    private int heldBack(ByteBuf buf, int length) {
      int end = length;
      int k;
      while (end > 0 && (k = suffixPrefix(buf, end)) > 0) {
        end -= k;
      }
      return length - end;
    }

    private int suffixPrefix(ByteBuf buf, int end) {
      int base = buf.readerIndex();
      int longest = Math.min(end, crlf.length - 1);
      for (int n = longest; n > 0; n--) {
        int from = base + end - n;
        byte first = buf.getByte(from);
        if ((first == '\r' && prefixAt(buf, from, n, crlf))
            || (first == '\n' && prefixAt(buf, from, n, lf))) {
          return n;
        }
      }
      return 0;
    }

    private static boolean prefixAt(ByteBuf buf, int from, int n, byte[] line) {
      if (n >= line.length) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (buf.getByte(from + i) != line[i]) {
          return false;
        }
      }
      return true;
    }

    @Override
    protected void beforeComplete(Subscriber<? super HttpData> subscriber) {
      byte[] rest = carry;
      carry = null;
      if (rest != null && rest.length > 0) {
        subscriber.onNext(HttpData.wrap(rest));
      }
    }
  }
}
