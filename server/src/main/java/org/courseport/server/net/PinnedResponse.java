package org.courseport.server.net;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SplitHttpResponse;
import com.linecorp.armeria.common.util.TimeoutMode;
import java.io.InputStream;

/**
 * A response whose headers have arrived and whose body has not been read. Reading the body restarts
 * the idle timeout on every chunk (bounded by the overall deadline). Close it to release the
 * connection; an unread body is aborted.
 */
public final class PinnedResponse implements AutoCloseable {
  private final FetchTarget target;
  private final HttpResponse response;
  private final SplitHttpResponse split;
  private final ClientRequestContext ctx;
  private final ResponseHeaders headers;
  private final Timeouts timeouts;
  private InputStream body;

  PinnedResponse(
      FetchTarget target,
      HttpResponse response,
      SplitHttpResponse split,
      ClientRequestContext ctx,
      ResponseHeaders headers,
      Timeouts timeouts) {
    this.target = target;
    this.response = response;
    this.split = split;
    this.ctx = ctx;
    this.headers = headers;
    this.timeouts = timeouts;
    extendTimeout();
  }

  public FetchTarget target() {
    return target;
  }

  public int status() {
    return headers.status().code();
  }

  /** A header value, or null. */
  public String header(String name) {
    return headers.get(name);
  }

  /** The declared Content-Length, or -1 when absent (never trusted for the size cap). */
  public long declaredLength() {
    return headers.contentLength();
  }

  /** The body as a stream; read it on a thread that may block (never an event loop). */
  public InputStream body() {
    if (body == null) {
      body =
          split
              .body()
              .toInputStream(
                  data -> {
                    extendTimeout();
                    return data;
                  });
    }
    return body;
  }

  private void extendTimeout() {
    ctx.setResponseTimeoutMillis(TimeoutMode.SET_FROM_NOW, timeouts.nextMillis());
  }

  @Override
  public void close() {
    response.abort();
    if (body != null) {
      try {
        body.close();
      } catch (java.io.IOException e) {
        // Closing only aborts the stream; nothing to report.
      }
    }
  }
}
