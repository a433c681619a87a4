package org.courseport.transcoding.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.courseport.api.v1.Course;
import org.junit.jupiter.api.Test;

class ProtoJsonTest {

  @Test
  void print_writesEqualsAmpersandAndAnglesUnescaped() {
    String json = ProtoJson.print(Course.newBuilder().setId("a=b&c").setTitle("<Q&A> 'x'"));

    assertThat(json)
        .contains("\"id\":\"a=b&c\"")
        .contains("\"title\":\"<Q&A> 'x'\"")
        .doesNotContain("\\u00");
  }

  @Test
  void print_keepsAnEscapedBackslashFollowedByU() {
    String json = ProtoJson.print(Course.newBuilder().setTitle("C:\\u003d"));

    assertThat(json).contains("\"title\":\"C:\\\\u003d\"");
  }

  @Test
  void print_snakeCase_usesProtoFieldNames() {
    String json =
        ProtoJson.print(Course.newBuilder().setXapiActivityId("x"), JsonNaming.SNAKE_CASE);

    assertThat(json).contains("\"xapi_activity_id\":\"x\"");
  }

  @Test
  void readAll_readsAStreamThatKnowsItsLength() throws IOException {
    byte[] bytes = "{\"courseId\":\"c1\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(ProtoJson.readAll(new ByteArrayInputStream(bytes))).isEqualTo(bytes);
  }

  @Test
  void readAll_readsPastWhatAvailableAnnounced() throws IOException {
    InputStream twoParts =
        new SequenceInputStream(
            new ByteArrayInputStream("{\"course".getBytes(StandardCharsets.UTF_8)),
            new ByteArrayInputStream("Id\":\"c1\"}".getBytes(StandardCharsets.UTF_8)));

    assertThat(new String(ProtoJson.readAll(twoParts), StandardCharsets.UTF_8))
        .isEqualTo("{\"courseId\":\"c1\"}");
  }

  @Test
  void readAll_readsAStreamThatAnnouncesNothing() throws IOException {
    InputStream unknown =
        new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)) {
          @Override
          public synchronized int available() {
            return 0;
          }
        };

    assertThat(ProtoJson.readAll(unknown)).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    assertThat(ProtoJson.readAll(new ByteArrayInputStream(new byte[0]))).isEmpty();
  }
}
