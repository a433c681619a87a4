package org.courseport.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestHttp.Response;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HEAD and single byte ranges of zip and asset downloads, through the real server. */
class DownloadRangeRestTest {
  @RegisterExtension
  static final CourseportServerExtension server = new CourseportServerExtension();

  private final ScormCloudRest api = ScormCloudRest.basic(server, CourseportServerExtension.KEY);

  @Test
  void zip_rangeAndHead_agreeWithTheWholeDownload() {
    api.importCourse("c-range", TestPackages.scorm12("Range"));
    Response whole = api.get("/courses/c-range/zip");
    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
    String etag = whole.header("ETag");
    assertThat(etag).matches("\"[^\"]+\"");
    int size = whole.body().length;

    Response head =
        api.send(
            api.request("/courses/c-range/versions/0/zip")
                .method("HEAD", BodyPublishers.noBody())
                .build());
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(size));
    assertThat(head.header("ETag")).isEqualTo(etag);
    assertThat(head.body()).isEmpty();

    Response part =
        api.send(api.request("/courses/c-range/zip").header("Range", "bytes=10-109").GET().build());
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.header("Content-Range")).isEqualTo("bytes 10-109/" + size);
    assertThat(part.header("ETag")).isEqualTo(etag);
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(whole.body(), 10, 110));

    Response tail =
        api.send(api.request("/courses/c-range/zip").header("Range", "bytes=-5").GET().build());
    assertThat(tail.status()).isEqualTo(206);
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(whole.body(), size - 5, size));
  }

  @Test
  void asset_range_andUnsatisfiableRangeIs416() {
    api.importCourse("c-range-asset", TestPackages.scorm12("Range"));
    byte[] html = api.get("/courses/c-range-asset/asset?relativePath=index.html").body();

    Response part =
        api.send(
            api.request("/courses/c-range-asset/asset?relativePath=index.html")
                .header("Range", "bytes=6-")
                .GET()
                .build());
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.text())
        .isEqualTo(new String(Arrays.copyOfRange(html, 6, html.length), StandardCharsets.UTF_8));

    Response beyond =
        api.send(
            api.request("/courses/c-range-asset/asset?relativePath=index.html")
                .header("Range", "bytes=" + html.length + "-")
                .GET()
                .build());
    assertThat(ScormCloudRest.message(beyond, 416)).contains(html.length + " bytes");
    assertThat(beyond.header("Content-Range")).isEqualTo("bytes */" + html.length);
  }
}
