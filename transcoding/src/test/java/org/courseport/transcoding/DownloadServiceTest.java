package org.courseport.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import io.grpc.Status;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.courseport.api.v1.GetCourseAssetRequest;
import org.courseport.api.v1.GetCourseZipRequest;
import org.courseport.transcoding.core.ErrorRenderer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

class DownloadServiceTest {

  @RegisterExtension static final FrontExtension front = new FrontExtension();

  private static final int ZIP_BYTES = 20 * 1024 * 1024;

  @BeforeEach
  void reset() {
    byte[] zip = new byte[ZIP_BYTES];
    new Random(42).nextBytes(zip);
    front.fake.zip = zip;
    front.fake.requests.clear();
    front.fake.failure = null;
    front.fake.dataChunksSent.set(0);
  }

  @Test
  void zip_streamsLargeFileWithHeaders() throws Exception {
    java.net.http.HttpResponse<InputStream> res =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(front.httpUri() + "/api/v2//courses/c1/zip"))
                    .header("Authorization", FakeAuthInterceptor.GOOD)
                    .build(),
                BodyHandlers.ofInputStream());

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("content-type")).hasValue("application/zip");
    assertThat(res.headers().firstValue("content-length")).hasValue(String.valueOf(ZIP_BYTES));
    assertThat(res.headers().firstValue("content-disposition"))
        .hasValue(
            "attachment; filename=\"Golf _basics_.zip\"; filename*=UTF-8''Golf%20%C2%ABbasics%C2%BB.zip");
    try (InputStream body = res.body()) {
      assertThat(sha256(body.readAllBytes())).isEqualTo(sha256(front.fake.zip));
    }
    GetCourseZipRequest request = (GetCourseZipRequest) front.fake.requests.get(0);
    assertThat(request.getCourseId()).isEqualTo("c1");
    assertThat(request.hasVersionId()).isFalse();
    assertThat(front.fake.dataChunksSent.get()).isEqualTo(ZIP_BYTES / 65536);
  }

  @Test
  void zip_slowReader_holdsTheCallBack() throws Exception {
    HttpResponse res = front.authorizedStreaming().get("/api/v2/courses/c1/versions/2/zip");
    AtomicReference<Subscription> subscription = new AtomicReference<>();
    CompletableFuture<Long> received = new CompletableFuture<>();
    res.subscribe(new Counting(subscription, received));

    int sent = awaitStall(() -> front.fake.dataChunksSent.get());
    assertThat(sent).as("chunks produced while nobody reads").isLessThan(ZIP_BYTES / 65536 / 2);
    subscription.get().request(Long.MAX_VALUE);

    assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(ZIP_BYTES);
    GetCourseZipRequest request = (GetCourseZipRequest) front.fake.requests.get(0);
    assertThat(request.getVersionId()).isEqualTo(2);
  }

  @Test
  void asset_streamsWithItsContentType() {
    AggregatedHttpResponse res =
        front
            .authorized()
            .get("/api/v2/courses/c1/versions/0/asset?relativePath=shared/index.html");

    assertThat(res.status()).isEqualTo(HttpStatus.OK);
    assertThat(res.contentType().toString()).isEqualTo("text/html");
    assertThat(res.headers().get(HttpHeaderNames.CONTENT_DISPOSITION))
        .isEqualTo("attachment; filename=\"index.html\"");
    assertThat(res.contentUtf8()).isEqualTo("<html>hi</html>");
    GetCourseAssetRequest request = (GetCourseAssetRequest) front.fake.requests.get(0);
    assertThat(request.getRelativePath()).isEqualTo("shared/index.html");
    assertThat(request.getVersionId()).isZero();
    assertThat(request.hasVersionId()).isTrue();
  }

  @Test
  void asset_missingRelativePath_answers400NamingIt() {
    AggregatedHttpResponse res = front.authorized().get("/api/v2/courses/c1/asset");

    assertThat(res.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(res.contentUtf8())
        .isEqualTo("{\"message\":\"Missing the required query parameter 'relativePath'.\"}");
    assertThat(front.fake.requests).isEmpty();
  }

  @Test
  void asset_rpcNotFound_rendersScormCloudError() {
    front.fake.failWith(
        TranscodingErrorHandlerTest.error(
            Status.Code.NOT_FOUND, "FILE_NOT_FOUND", Map.of(), "No file x.html in course c1."));

    AggregatedHttpResponse res =
        front.authorized().get("/api/v2/courses/c1/asset?relativePath=x.html");

    assertThat(res.status()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(res.contentUtf8()).isEqualTo("{\"message\":\"No file x.html in course c1.\"}");
    assertThat(res.headers().get(ErrorRenderer.REASON_HEADER)).isEqualTo("FILE_NOT_FOUND");
  }

  @Test
  void zip_withoutCredentials_answers401() {
    AggregatedHttpResponse res = front.blockingWebClient().get("/api/v2/courses/c1/zip");

    assertThat(res.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(res.contentUtf8()).isEqualTo("{\"error\":\"Authorization Required.\"}");
    assertThat(front.fake.requests).isEmpty();
  }

  @Test
  void zip_badVersion_answers400NamingIt() {
    AggregatedHttpResponse res = front.authorized().get("/api/v2/courses/c1/versions/abc/zip");

    assertThat(res.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(res.contentUtf8())
        .isEqualTo(
            "{\"message\":\"Invalid value for path parameter "
                + "'versionId': 'abc' (expected a 32-bit integer).\"}");
  }

  private static int awaitStall(java.util.function.IntSupplier counter)
      throws InterruptedException {
    int last = -1;
    long stableSince = System.nanoTime();
    long deadline = stableSince + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      int now = counter.getAsInt();
      if (now != last || now == 0) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(1)) {
        return now;
      }
      Thread.sleep(20);
    }
    return last;
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  /** Takes the headers and one piece, then reads only when told; counts body bytes. */
  private static final class Counting implements Subscriber<HttpObject> {

    private final AtomicReference<Subscription> subscription;
    private final CompletableFuture<Long> done;
    private final AtomicLong bytes = new AtomicLong();

    Counting(AtomicReference<Subscription> subscription, CompletableFuture<Long> done) {
      this.subscription = subscription;
      this.done = done;
    }

    @Override
    public void onSubscribe(Subscription s) {
      subscription.set(s);
      s.request(2);
    }

    @Override
    public void onNext(HttpObject object) {
      if (object instanceof HttpData data) {
        bytes.addAndGet(data.length());
      }
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      done.complete(bytes.get());
    }
  }
}
