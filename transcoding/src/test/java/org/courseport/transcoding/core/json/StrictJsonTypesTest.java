package org.courseport.transcoding.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.PutCourseTagsRequest;
import org.courseport.api.v1.SetCourseTitleRequest;
import org.junit.jupiter.api.Test;

class StrictJsonTypesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void bodyFields_areCachedPerRequestType_andNotShared() {
    var title = StrictJsonTypes.bodyFieldsOf(SetCourseTitleRequest.getDescriptor());
    var tags = StrictJsonTypes.bodyFieldsOf(PutCourseTagsRequest.getDescriptor());
    var get = StrictJsonTypes.bodyFieldsOf(GetCourseRequest.getDescriptor());

    assertThat(title)
        .containsExactly(SetCourseTitleRequest.getDescriptor().findFieldByName("title"));
    assertThat(tags).containsExactly(PutCourseTagsRequest.getDescriptor().findFieldByName("tags"));
    assertThat(get).isEmpty();
    assertThat(StrictJsonTypes.bodyFieldsOf(SetCourseTitleRequest.getDescriptor())).isSameAs(title);
  }

  @Test
  void check_namesTheFieldInsideTheBody_onEveryCall() {
    for (int i = 0; i < 2; i++) { // The second call is answered from the cache.
      assertThatThrownBy(
              () ->
                  StrictJsonTypes.check(
                      JSON.readTree("{\"courseId\":\"c1\",\"title\":{\"title\":5}}"),
                      SetCourseTitleRequest.getDescriptor()))
          .isInstanceOf(InvalidProtocolBufferException.class)
          .hasMessage("Invalid value for field 'title': expected a string, got a number.");
    }
  }

  @Test
  void check_acceptsStrings() throws Exception {
    StrictJsonTypes.check(JSON.readTree("{\"courseId\":\"c1\"}"), GetCourseRequest.getDescriptor());
    assertThatThrownBy(
            () ->
                StrictJsonTypes.check(
                    JSON.readTree("{\"courseId\":7}"), GetCourseRequest.getDescriptor()))
        .hasMessage("Invalid value for field 'courseId': expected a string, got a number.");
  }

  @Test
  void check_findsFieldsByProtoNameAndByJsonName() {
    assertThatThrownBy(
            () ->
                StrictJsonTypes.check(
                    JSON.readTree("{\"course_id\":true}"), GetCourseRequest.getDescriptor()))
        .hasMessage("Invalid value for field 'course_id': expected a string, got a boolean.");
    assertThatThrownBy(
            () ->
                StrictJsonTypes.check(
                    JSON.readTree("{\"unknown\":1,\"courseId\":[]}"),
                    GetCourseRequest.getDescriptor()))
        .hasMessage("Invalid value for field 'courseId': expected a string, got an array.");
  }
}
