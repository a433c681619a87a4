package org.courseport.transcoding.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.multipart.AggregatedBodyPart;
import com.linecorp.armeria.common.multipart.AggregatedMultipart;
import com.linecorp.armeria.common.multipart.Multipart;
import com.linecorp.armeria.common.stream.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A form split into body chunks at every position (the way TCP reads may split it) parses the same
 * through {@link MultipartBodies}; Armeria's own parser fails some of these splits with "No closing
 * MIME boundary" (the soak's one 400 on an upload).
 */
class MultipartBodiesTest {
  private static final String BOUNDARY = "soak4711";
  private static final String CONTENT = "PK\r\n-- not a boundary --" + "x\r".repeat(200);
  private static final String FIELD = "{\"title\":\"T\"}";
  private static final byte[] FORM =
      ("--"
              + BOUNDARY
              + "\r\nContent-Disposition: form-data; name=\"contentMetadata\"\r\n\r\n"
              + FIELD
              + "\r\n--"
              + BOUNDARY
              + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.zip\"\r\n"
              + "Content-Type: application/zip\r\n\r\n"
              + CONTENT
              + "\r\n--"
              + BOUNDARY
              + "--\r\n")
          .getBytes(StandardCharsets.ISO_8859_1);

  @Test
  void everyTwoAndThreeChunkSplit_parsesToTheSameParts() {
    int runs = 0;
    for (int cut = 1; cut < FORM.length; cut++) {
      for (int cut2 = cut + 1; cut2 <= FORM.length; cut2 += FORM.length - cut2 < 64 ? 1 : 29) {
        AggregatedMultipart form =
            Multipart.from(BOUNDARY, MultipartBodies.guard(chunks(cut, cut2), BOUNDARY))
                .aggregate()
                .join();
        List<AggregatedBodyPart> parts = form.bodyParts();
        assertThat(parts).as("split at %d/%d", cut, cut2).hasSize(2);
        assertThat(parts.get(0).contentUtf8()).isEqualTo(FIELD);
        assertThat(parts.get(1).filename()).isEqualTo("c.zip");
        assertThat(parts.get(1).contentUtf8()).as("split at %d/%d", cut, cut2).isEqualTo(CONTENT);
        runs++;
      }
    }
    assertThat(runs).isGreaterThan(FORM.length * 50);
  }

  @Test
  void armeriasParserAlone_failsTheSplitRightAfterTheClosingBoundary() {
    // The case the guard exists for: the chunk ends with "--soak4711", the next is "--\r\n".
    int cut = FORM.length - 4;
    assertThat(new String(FORM, cut, 4, StandardCharsets.ISO_8859_1)).isEqualTo("--\r\n");
    assertThatThrownBy(() -> Multipart.from(BOUNDARY, chunks(cut, FORM.length)).aggregate().join())
        .hasRootCauseMessage("No closing MIME boundary");
    assertThat(
            Multipart.from(BOUNDARY, MultipartBodies.guard(chunks(cut, FORM.length), BOUNDARY))
                .aggregate()
                .join()
                .bodyParts())
        .hasSize(2);
  }

  @Test
  void fromRequest_readsTheBoundaryOfTheContentType() {
    HttpRequest req =
        HttpRequest.of(
            RequestHeaders.builder(HttpMethod.POST, "/upload")
                .contentType(MediaType.parse("multipart/form-data; boundary=" + BOUNDARY))
                .build(),
            chunks(FORM.length - 4, FORM.length));
    AggregatedMultipart form = MultipartBodies.from(req).aggregate().join();
    assertThat(form.bodyParts()).hasSize(2);
    assertThat(form.bodyParts().get(1).contentUtf8()).isEqualTo(CONTENT);
  }

  private static StreamMessage<HttpData> chunks(int cut, int cut2) {
    List<HttpData> chunks = new ArrayList<>();
    chunks.add(HttpData.wrap(Arrays.copyOfRange(FORM, 0, cut)));
    chunks.add(HttpData.wrap(Arrays.copyOfRange(FORM, cut, cut2)));
    if (cut2 < FORM.length) {
      chunks.add(HttpData.wrap(Arrays.copyOfRange(FORM, cut2, FORM.length)));
    }
    return StreamMessage.of(chunks.toArray(new HttpData[0]));
  }
}
