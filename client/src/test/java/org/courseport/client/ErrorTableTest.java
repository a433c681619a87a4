package org.courseport.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.courseport.client.testing.FakeCourseService;
import org.junit.jupiter.api.Test;

class ErrorTableTest {

  @Test
  void toException_knownReason_decidesTheTypeAndKeepsReasonMessageAndMetadata() {
    StatusRuntimeException failure =
        FakeCourseService.error(Status.Code.NOT_FOUND, "COURSE_NOT_FOUND", "course 'x' not found");

    CourseportException exception = ErrorTable.toException(failure);

    assertThat(exception).isInstanceOf(NotFoundException.class).hasMessage("course 'x' not found");
    assertThat(exception.reason()).isEqualTo("COURSE_NOT_FOUND");
    assertThat(exception.status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(exception.metadata()).containsEntry("source", "fake");
    assertThat(exception.getCause()).isSameAs(failure);
  }

  @Test
  void toException_reasonWinsOverStatusCode() {
    StatusRuntimeException failure =
        FakeCourseService.error(Status.Code.PERMISSION_DENIED, "INVALID_API_KEY", "bad key");

    assertThat(ErrorTable.toException(failure)).isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void toException_unknownReason_fallsBackToStatusCode() {
    assertThat(
            ErrorTable.toException(FakeCourseService.error(Status.Code.ALREADY_EXISTS, "X", "m")))
        .isInstanceOf(AlreadyExistsException.class);
    assertThat(
            ErrorTable.toException(FakeCourseService.error(Status.Code.INVALID_ARGUMENT, "Y", "m")))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(
            ErrorTable.toException(
                FakeCourseService.error(Status.Code.RESOURCE_EXHAUSTED, "Z", "m")))
        .isInstanceOf(ResourceExhaustedException.class);
  }

  @Test
  void toException_withoutErrorInfo_hasEmptyReasonAndCodeAsFallbackLabel() {
    CourseportException exception =
        ErrorTable.toException(
            Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());

    assertThat(exception).isInstanceOf(UnavailableException.class).hasMessage("io exception");
    assertThat(exception.reason()).isEmpty();
    assertThat(exception.reasonOrCode()).isEqualTo("UNAVAILABLE");
  }

  @Test
  void toException_unmappedCode_isTheBaseType() {
    CourseportException exception = ErrorTable.toException(Status.INTERNAL.asRuntimeException());

    assertThat(exception.getClass()).isEqualTo(CourseportException.class);
    assertThat(exception).hasMessage("INTERNAL");
  }
}
