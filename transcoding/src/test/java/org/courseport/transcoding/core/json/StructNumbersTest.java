package org.courseport.transcoding.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.Lesson;
import org.courseport.api.v1.ListLessonsResponse;
import org.junit.jupiter.api.Test;

class StructNumbersTest {

  static Value number(double d) {
    return Value.newBuilder().setNumberValue(d).build();
  }

  @Test
  void integralStructNumbers_printAsIntegers_atAnyDepth_fractionsKept() {
    Struct content =
        Struct.newBuilder()
            .putFields("points", number(1))
            .putFields("answer", number(3.14))
            .putFields("big", number(1e300))
            .putFields(
                "list",
                Value.newBuilder()
                    .setListValue(
                        ListValue.newBuilder()
                            .addValues(number(-2))
                            .addValues(
                                Value.newBuilder()
                                    .setStructValue(Struct.newBuilder().putFields("n", number(0)))))
                    .build())
            .build();
    Lesson lesson = Lesson.newBuilder().setLessonId("l1").setContent(content).build();

    String json = ProtoJson.print(ListLessonsResponse.newBuilder().addLessons(lesson).build());

    assertThat(json)
        .contains("\"points\":1,")
        .contains("\"answer\":3.14")
        .contains("\"big\":1.0E300")
        .contains("\"list\":[-2,{\"n\":0}]");
  }

  @Test
  void messagesWithoutStruct_areLeftAsPrinted() {
    String json = "{\"id\":\"c1\",\"n\":1.0}";

    assertThat(StructNumbers.rewrite(json, Course.getDescriptor(), JsonNaming.LOWER_CAMEL))
        .isSameAs(json);
  }
}
