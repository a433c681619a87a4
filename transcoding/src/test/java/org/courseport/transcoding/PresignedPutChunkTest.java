package org.courseport.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chunks a presigned PUT's body is streamed into {@code PutUploadBytes} in: a multipart part
 * goes in chunks of 256 KiB (fewer messages per part), a whole-package PUT in the configured size.
 */
class PresignedPutChunkTest {

  @RegisterExtension static final FrontExtension front = new FrontExtension();

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static AggregatedHttpResponse put(String path, byte[] body) throws Exception {
    // Sent in 8 KiB pieces, as a network would deliver them: the chunks are not the pieces.
    var req = HttpRequest.streaming(RequestHeaders.of(HttpMethod.PUT, path));
    var res = front.authorizedStreaming().execute(req).aggregate();
    for (int off = 0; off < body.length; off += 8192) {
      req.write(HttpData.copyOf(body, off, Math.min(8192, body.length - off)));
    }
    req.close();
    return res.get(20, TimeUnit.SECONDS);
  }

  @Test
  void partPut_streamsItsBodyIn256KiBChunks_inOrder() throws Exception {
    byte[] body = bytes(600 * 1024);
    AggregatedHttpResponse res =
        put("/api/v1/packages/multipart/upl_1/parts/3?tenant=t&expires=9&kid=k&sig=s", body);

    assertThat(res.status()).isEqualTo(HttpStatus.OK);
    assertThat(front.packageService.putChunkSizes)
        .containsExactly(256 * 1024, 256 * 1024, 88 * 1024);
    assertThat(front.packageService.putBytes).isEqualTo(body);
  }

  @Test
  void wholePackagePut_keepsTheConfiguredChunkSize() throws Exception {
    byte[] body = bytes(200 * 1024);
    AggregatedHttpResponse res =
        put(
            "/api/v1/packages/uploads/upl_2?tenant=t&expires=9&size="
                + body.length
                + "&kid=k&sig=s",
            body);

    assertThat(res.status()).isEqualTo(HttpStatus.OK);
    int chunk = RestFrontOptions.DEFAULT_UPLOAD_CHUNK_BYTES;
    assertThat(front.packageService.putChunkSizes)
        .isEqualTo(List.of(chunk, chunk, chunk, body.length - 3 * chunk));
    assertThat(front.packageService.putBytes).isEqualTo(body);
  }
}
