package org.courseport.transcoding.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.Descriptor;
import com.linecorp.armeria.common.QueryParams;
import java.util.Map;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.api.v1.ValidationFinding;
import org.junit.jupiter.api.Test;

class ParameterValidatorTest {

  private static final Descriptor GET_COURSE = GetCourseRequest.getDescriptor();

  @Test
  void validParameters_pass() {
    assertThatCode(
            () ->
                ParameterValidator.validate(
                    GET_COURSE,
                    Map.of("course_id", "c1", "version_id", "12"),
                    QueryParams.of(
                        "includeRegistrationCount",
                        "TRUE",
                        "include_course_metadata",
                        "false",
                        "unknownParam",
                        "whatever")))
        .doesNotThrowAnyException();
  }

  @Test
  void badBoolean_namesTheParameterAsSent() {
    assertThatThrownBy(
            () ->
                ParameterValidator.validate(
                    GetCoursesRequest.getDescriptor(),
                    Map.of(),
                    QueryParams.of("include_total_count", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid value for query parameter 'include_total_count': '1' "
                + "(expected true or false).");
  }

  @Test
  void outOfRangeInteger_isRejected() {
    assertThatThrownBy(
            () ->
                ParameterValidator.validate(
                    GET_COURSE, Map.of("version_id", "3000000000"), QueryParams.of()))
        .hasMessage(
            "Invalid value for path parameter 'versionId': '3000000000' "
                + "(expected a 32-bit integer).");
  }

  @Test
  void enumField_acceptsNamesAndNumbers_rejectsOthers() {
    Descriptor finding = ValidationFinding.getDescriptor();

    assertThatCode(
            () ->
                ParameterValidator.validate(
                    finding, Map.of(), QueryParams.of("severity", "WARNING", "line", "4")))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                ParameterValidator.validate(
                    finding, Map.of(), QueryParams.of("severity", "warning")))
        .hasMessage(
            "Invalid value for query parameter 'severity': 'warning' "
                + "(expected one of SEVERITY_UNSPECIFIED, ERROR, WARNING).");
  }

  @Test
  void queryField_matchesProtoCamelAndJsonNames() {
    Descriptor courses = GetCoursesRequest.getDescriptor();

    assertThat(ParameterValidator.queryField(courses, "include_total_count").getName())
        .isEqualTo("include_total_count");
    assertThat(ParameterValidator.queryField(courses, "includeTotalCount").getName())
        .isEqualTo("include_total_count");
    assertThat(ParameterValidator.queryField(courses, "IncludeTotalCount")).isNull();
  }
}
