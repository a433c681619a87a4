package org.courseport.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.transcoding.Http.json;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.courseport.api.v1.UploadMetadata;
import org.courseport.transcoding.core.ErrorRenderer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UploadServiceTest {

  @RegisterExtension static final FrontExtension front = new FrontExtension();

  @RegisterExtension
  static final FrontExtension limited =
      new FrontExtension(RestFrontOptions.defaults().withMaxUploadBytes(100_000));

  private static final String UPLOAD = "/api/v2/courses/importJobs/upload";

  @BeforeEach
  void reset() {
    front.fake.upload.reset();
    limited.fake.upload.reset();
  }

  @Test
  void javaClientUpload_streamsAllBytesInOrderAsChunks_thenTrailingMetadata() throws Exception {
    byte[] file = bytes(5 * 1024 * 1024, 1);
    byte[] body =
        JavaClientForm.body("course.zip", file, "{\"title\":\"Intro\",\"estimatedDuration\":90}");

    String response =
        Http.raw(
            front.httpPort(),
            JavaClientForm.requestHead(
                "/api/v2//courses/importJobs/upload?courseId=c5&mayCreateNewVersion=true",
                body.length),
            body);

    assertThat(response).startsWith("HTTP/1.1 200 OK");
    assertThat(json(Http.rawBody(response))).isEqualTo(json("{'result':'job-upload'}"));
    UploadRecorder upload = front.fake.upload;
    assertThat(upload.bytes()).isEqualTo(file);
    assertThat(upload.order)
        .hasSize(82)
        .startsWith("metadata", "chunk")
        .endsWith("chunk", "metadata");
    UploadMetadata first = upload.metadata.get(0);
    assertThat(first.getCourseId()).isEqualTo("c5");
    assertThat(first.getMayCreateNewVersion()).isTrue();
    assertThat(first.getFileName()).isEqualTo("course.zip");
    assertThat(first.getSize()).isEqualTo(file.length);
    assertThat(first.getUploadedContentType()).isEqualTo("application/zip");
    assertThat(first.hasContentMetadata()).isFalse();
    UploadMetadata trailing = upload.metadata.get(1);
    assertThat(trailing.getCourseId()).isEqualTo("c5");
    assertThat(trailing.getContentMetadata().getTitle()).isEqualTo("Intro");
    assertThat(trailing.getContentMetadata().getEstimatedDuration()).isEqualTo(90);
  }

  @Test
  void javaClientUpload_ofASmallFileAsTheOnlyPart_sendsItsBytesBeforeHalfClosing()
      throws Exception {
    byte[] file = bytes(700, 12);
    byte[] body = JavaClientForm.body("small.zip", file, null);

    String response =
        Http.raw(
            front.httpPort(),
            JavaClientForm.requestHead(
                "/api/v2/courses/importJobs/upload?courseId=c12", body.length),
            body);

    assertThat(response).startsWith("HTTP/1.1 200 OK");
    assertThat(front.fake.upload.bytes()).isEqualTo(file);
    assertThat(front.fake.upload.order).containsExactly("metadata", "chunk");
  }

  @Test
  void upload_bytesReachTheCallBeforeTheBodyEnds() throws Exception {
    byte[] file = bytes(3 * 1024 * 1024, 2);
    HttpRequestWriter req =
        HttpRequest.streaming(
            RequestHeaders.builder(HttpMethod.POST, UPLOAD + "?courseId=c6")
                .contentType(MediaType.parse(JavaClientForm.CONTENT_TYPE))
                .build());
    CompletableFuture<AggregatedHttpResponse> res =
        front.authorizedStreaming().execute(req).aggregate();
    req.write(HttpData.wrap(JavaClientForm.fileHead("big.zip", file.length)));
    req.write(HttpData.wrap(file, 0, 1024 * 1024));

    await(() -> front.fake.upload.order.contains("chunk"));
    assertThat(res).isNotDone();

    req.write(HttpData.wrap(file, 1024 * 1024, file.length - 1024 * 1024));
    req.write(HttpData.wrap(JavaClientForm.tail(null)));
    req.close();
    assertThat(res.get(20, TimeUnit.SECONDS).status()).isEqualTo(HttpStatus.OK);
    assertThat(front.fake.upload.bytes()).isEqualTo(file);
  }

  @Test
  void callNotReady_stopsReadingTheBody_untilItIsReady() throws Exception {
    front.fake.upload.pause();
    byte[] piece = bytes(1024 * 1024, 8);
    int pieces = 32;
    HttpRequestWriter req =
        HttpRequest.streaming(
            RequestHeaders.builder(HttpMethod.POST, UPLOAD + "?courseId=c11")
                .contentType(MediaType.parse(JavaClientForm.CONTENT_TYPE))
                .build());
    CompletableFuture<AggregatedHttpResponse> res =
        front.authorizedStreaming().execute(req).aggregate();
    req.write(HttpData.wrap(JavaClientForm.fileHead("big.zip", (long) pieces * piece.length)));
    List<CompletableFuture<Void>> consumed = new ArrayList<>();
    for (int i = 0; i < pieces; i++) {
      req.write(HttpData.wrap(piece));
      consumed.add(req.whenConsumed());
    }
    req.write(HttpData.wrap(JavaClientForm.tail(null)));
    req.close();

    try {
      await(() -> !front.fake.upload.metadata.isEmpty());
      int read = awaitStall(consumed);
      assertThat(read)
          .as("MiB of the body read while the call is not ready")
          .isLessThan(pieces / 2);
      assertThat(front.fake.upload.chunks.get()).isZero();
    } finally {
      front.fake.upload.release();
    }

    assertThat(res.get(60, TimeUnit.SECONDS).status()).isEqualTo(HttpStatus.OK);
    assertThat(front.fake.upload.bytes()).hasSize(pieces * piece.length);
    assertThat(front.fake.upload.chunks.get()).isEqualTo(pieces * 16);
  }

  private static void await(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as("condition within 10 s").isTrue();
  }

  /** How many of the futures are done once that number has not changed for a second. */
  private static int awaitStall(List<CompletableFuture<Void>> futures) throws InterruptedException {
    int last = -1;
    long stableSince = System.nanoTime();
    long deadline = stableSince + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      int done = (int) futures.stream().filter(CompletableFuture::isDone).count();
      if (done != last) {
        last = done;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > TimeUnit.MILLISECONDS.toNanos(1000)) {
        return done;
      }
      Thread.sleep(20);
    }
    return last;
  }

  @Test
  void malformedForm_answers400() {
    AggregatedHttpResponse res =
        post(
            front,
            UPLOAD + "?courseId=c12",
            "--Boundary_1_1786418375_1700000000000\r\nno headers and no end".getBytes());

    assertThat(res.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(res.contentUtf8()).startsWith("{\"message\":\"Malformed multipart/form-data body");
  }

  @Test
  void missingCourseId_answers400NamingIt() {
    AggregatedHttpResponse res =
        post(front, UPLOAD, JavaClientForm.body("a.zip", bytes(10, 3), null));

    assertThat(res.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(res.contentUtf8())
        .isEqualTo("{\"message\":\"Missing the required query parameter 'courseId'.\"}");
  }

  @Test
  void formWithoutFilePart_answers400NamingIt() {
    byte[] form = JavaClientForm.tail("{\"title\":\"x\"}");
    byte[] withoutLeadingCrlf = java.util.Arrays.copyOfRange(form, 2, form.length);

    AggregatedHttpResponse res = post(front, UPLOAD + "?courseId=c7", withoutLeadingCrlf);

    assertThat(res.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(res.contentUtf8())
        .isEqualTo("{\"message\":\"Missing the required multipart part 'file'.\"}");
  }

  @Test
  void existingCourseWithoutNewVersions_answers409WithReason() {
    AggregatedHttpResponse res =
        post(
            front, UPLOAD + "?courseId=exists", JavaClientForm.body("a.zip", bytes(1000, 4), null));

    assertThat(res.status()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(res.contentUtf8())
        .isEqualTo(
            "{\"message\":"
                + "\"Course 'exists' already exists and mayCreateNewVersion is false.\"}");
    assertThat(res.headers().get(ErrorRenderer.REASON_HEADER)).isEqualTo("COURSE_EXISTS");
    assertThat(res.headers().contains("grpc-status")).isFalse();
  }

  @Test
  void fileOverTheLimit_answers413_andCancelsTheCall() throws Exception {
    byte[] body = JavaClientForm.body("a.zip", bytes(300_000, 5), null);
    String undeclared =
        new String(body, java.nio.charset.StandardCharsets.ISO_8859_1).replace("; size=300000", "");

    AggregatedHttpResponse res =
        post(
            limited,
            UPLOAD + "?courseId=c8",
            undeclared.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

    assertThat(res.status()).as(res.contentUtf8()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
    assertThat(res.contentUtf8()).contains("upload limit of 100000 bytes");
    assertThat(limited.fake.upload.bytes().length).isLessThanOrEqualTo(100_000);
    await(() -> limited.fake.upload.order.contains("cancelled"));
  }

  @Test
  void declaredSizeOverTheLimit_answers413BeforeAnyCall() {
    AggregatedHttpResponse res =
        post(
            limited,
            UPLOAD + "?courseId=c9",
            JavaClientForm.body("a.zip", bytes(200_000, 6), null));

    assertThat(res.status()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
    assertThat(limited.fake.upload.metadata).noneMatch(m -> m.getCourseId().equals("c9"));
  }

  @Test
  void missingCredentials_answers401() {
    AggregatedHttpResponse res =
        front
            .blockingWebClient()
            .execute(
                RequestHeaders.builder(HttpMethod.POST, UPLOAD + "?courseId=c10")
                    .contentType(MediaType.parse(JavaClientForm.CONTENT_TYPE))
                    .build(),
                HttpData.wrap(JavaClientForm.body("a.zip", bytes(100, 7), null)));

    assertThat(res.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(res.contentUtf8()).isEqualTo("{\"error\":\"Authorization Required.\"}");
    assertThat(res.headers().get(HttpHeaderNames.WWW_AUTHENTICATE)).startsWith("Basic");
  }

  private static AggregatedHttpResponse post(FrontExtension server, String path, byte[] body) {
    return server
        .authorized()
        .execute(
            RequestHeaders.builder(HttpMethod.POST, path)
                .contentType(MediaType.parse(JavaClientForm.CONTENT_TYPE))
                .build(),
            HttpData.wrap(body));
  }

  private static byte[] bytes(int n, long seed) {
    byte[] bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
