package org.courseport.transcoding.core.json;

import static org.assertj.core.api.Assertions.assertThat;

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
}
