package org.courseport.server.net;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.courseport.server.domain.DomainException;

/** Routes, payloads and helpers shared by the fetcher tests. */
final class FetchFixtures {
  static final byte[] PAYLOAD = payload(300);

  private FetchFixtures() {}

  static void routes(ServerBuilder sb, LocalHttpServer other) {
    sb.service("glob:/pkg/**", (c, r) -> zip());
    sb.service("/to-other", (c, r) -> redirect(other.url("/secret")));
    sb.service("/relative", (c, r) -> redirect("pkg/after-redirect.zip"));
    sb.service("/loop", (c, r) -> redirect("/loop"));
    sb.service("/no-location", (c, r) -> HttpResponse.of(HttpStatus.FOUND));
    sb.service(
        "/missing",
        (c, r) -> HttpResponse.of(HttpStatus.NOT_FOUND, MediaType.PLAIN_TEXT, "secret-body-text"));
    sb.service("/never", (c, r) -> HttpResponse.of(new CompletableFuture<HttpResponse>()));
    sb.service(
        "/stall",
        (c, r) -> {
          HttpResponseWriter w = HttpResponse.streaming();
          w.write(ResponseHeaders.of(HttpStatus.OK));
          w.write(HttpData.ofUtf8("partial"));
          return w;
        });
    sb.service(
        "/steady",
        (c, r) -> {
          HttpResponseWriter w = HttpResponse.streaming();
          w.write(ResponseHeaders.of(HttpStatus.OK));
          for (int i = 1; i <= 8; i++) {
            boolean last = i == 8;
            c.eventLoop()
                .schedule(
                    () -> {
                      w.write(HttpData.wrap(new byte[100]));
                      if (last) {
                        w.close();
                      }
                    },
                    i * 150L,
                    TimeUnit.MILLISECONDS);
          }
          return w;
        });
  }

  static byte[] payload(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }

  static HttpResponse zip() {
    return HttpResponse.of(HttpStatus.OK, MediaType.ZIP, PAYLOAD);
  }

  static HttpResponse redirect(String location) {
    return HttpResponse.of(
        ResponseHeaders.of(HttpStatus.FOUND, HttpHeaderNames.LOCATION, location));
  }

  static DomainException failure(ThrowingFetch fetch) {
    try {
      fetch.run();
    } catch (DomainException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("unexpected " + e, e);
    }
    throw new AssertionError("the fetch succeeded");
  }

  interface ThrowingFetch {
    void run() throws Exception;
  }

  static String rawUrl(RawHttpServer raw) {
    return "http://127.0.0.1:" + raw.port() + "/package.zip";
  }

  static byte[] concat(String head, byte[] body) {
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }
}
