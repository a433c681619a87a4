package org.courseport.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import java.util.Arrays;
import java.util.Random;
import org.courseport.api.v1.GetCourseZipRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HEAD, ETag, Accept-Ranges and single byte ranges on the zip download, over the real front. */
class DownloadRangeTest {

  @RegisterExtension static final FrontExtension front = new FrontExtension();

  private static final byte[] ZIP = new byte[300_000];
  private final BlockingWebClient client = front.authorized();

  @BeforeEach
  void reset() {
    new Random(7).nextBytes(ZIP);
    front.fake.zip = ZIP;
    front.fake.requests.clear();
    front.fake.failure = null;
  }

  @Test
  void get_advertisesRangesAndEtag() {
    AggregatedHttpResponse res = client.get("/api/v2/courses/c1/zip");

    assertThat(res.status().code()).isEqualTo(200);
    assertThat(res.headers().get("accept-ranges")).isEqualTo("bytes");
    assertThat(res.headers().get("etag")).isEqualTo("\"blob-1\"");
    assertThat(res.content().array()).isEqualTo(ZIP);
  }

  @Test
  void head_answersHeadersOnly_andReadsNoBytes() {
    AggregatedHttpResponse res =
        client.execute(RequestHeaders.of(HttpMethod.HEAD, "/api/v2/courses/c1/versions/0/zip"));

    assertThat(res.status().code()).isEqualTo(200);
    assertThat(res.headers().contentLength()).isEqualTo(ZIP.length);
    assertThat(res.headers().get("accept-ranges")).isEqualTo("bytes");
    assertThat(res.headers().get("etag")).isEqualTo("\"blob-1\"");
    assertThat(res.headers().get("content-disposition")).startsWith("attachment;");
    assertThat(res.content().isEmpty()).isTrue();
    GetCourseZipRequest call = (GetCourseZipRequest) front.fake.requests.get(0);
    assertThat(call.getVersionId()).isZero();
    assertThat(call.hasLimit()).isTrue();
    assertThat(call.getLimit()).isZero();
  }

  @ParameterizedTest(name = "{0} -> {1}-{2}")
  @CsvSource({
    "bytes=0-99, 0, 99",
    "bytes=299990-, 299990, 299999",
    "bytes=-10, 299990, 299999",
    "bytes=100-999999, 100, 299999"
  })
  void singleRange_answers206WithContentRangeAndOnlyThoseBytes(String range, int first, int last) {
    AggregatedHttpResponse res = getZip(range);

    assertThat(res.status().code()).isEqualTo(206);
    assertThat(res.headers().get("content-range"))
        .isEqualTo("bytes " + first + "-" + last + "/" + ZIP.length);
    assertThat(res.headers().contentLength()).isEqualTo(last - first + 1);
    assertThat(res.headers().get("etag")).isEqualTo("\"blob-1\"");
    assertThat(res.content().array()).isEqualTo(Arrays.copyOfRange(ZIP, first, last + 1));
    GetCourseZipRequest read = (GetCourseZipRequest) front.fake.requests.get(1);
    assertThat(read.getOffset()).isEqualTo(first);
    assertThat(read.getLimit()).isEqualTo(last - first + 1);
  }

  @Test
  void rangeBeyondTheEnd_is416WithTheSizeInTheDialectBody() {
    AggregatedHttpResponse res = getZip("bytes=300000-");

    assertThat(res.status().code()).isEqualTo(416);
    assertThat(res.headers().get("content-range")).isEqualTo("bytes */300000");
    assertThat(Http.strictJson(res.contentUtf8()))
        .isEqualTo(
            Http.json(
                "{'message':'The requested range is not satisfiable: the file has 300000 bytes.'}"));
  }

  @Test
  void ifRangeWithAnotherEtag_sendsTheWholeFile() {
    AggregatedHttpResponse res =
        client.execute(
            RequestHeaders.builder(HttpMethod.GET, "/api/v2/courses/c1/zip")
                .set("range", "bytes=0-9")
                .set("if-range", "\"old\"")
                .build());

    assertThat(res.status().code()).isEqualTo(200);
    assertThat(res.content().array()).isEqualTo(ZIP);
  }

  @Test
  void severalRanges_areIgnored_andTheWholeFileIsSent() {
    AggregatedHttpResponse res = getZip("bytes=0-9,20-29");

    assertThat(res.status().code()).isEqualTo(200);
    assertThat(res.content().array()).isEqualTo(ZIP);
  }

  /** {@code GET} of the course zip with a {@code Range} header. */
  private AggregatedHttpResponse getZip(String range) {
    return client.execute(
        RequestHeaders.builder(HttpMethod.GET, "/api/v2/courses/c1/zip")
            .set("range", range)
            .build());
  }
}
