package org.courseport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseList;
import org.courseport.api.v1.CreateFetchAndImportCourseJobRequest;
import org.courseport.api.v1.DeleteCourseConfigurationSettingRequest;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.api.v1.SetCourseConfigurationRequest;
import org.courseport.client.testing.FakeCourseService;
import org.courseport.client.testing.InProcessCourseport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CourseportClientTest {
  private InProcessCourseport courseport;
  private FakeCourseService service;
  private CourseportClient client;

  @BeforeEach
  void start() throws Exception {
    courseport = new InProcessCourseport();
    service = courseport.service;
    client = courseport.client();
  }

  @AfterEach
  void stop() {
    client.close();
    courseport.close();
  }

  @Test
  void everyCall_sendsBasicAuthorizationOfIdAndSecret() {
    service.courses.put("golf", Course.newBuilder().setId("golf").build());

    client.getCourse("golf", OptionalInt.empty());
    client.getApplicationConfiguration(false);

    assertThat(courseport.headers).hasSize(2);
    assertThat(courseport.lastAuthorization()).isEqualTo("Basic YXBwOnMzY3JldA==");
  }

  @Test
  void getCourse_withVersion_sendsIdAndVersionAndReturnsTheCourse() {
    service.courses.put("golf", Course.newBuilder().setId("golf").setTitle("Golf").build());

    Course course = client.getCourse("golf", OptionalInt.of(3));

    assertThat(course.getTitle()).isEqualTo("Golf");
    GetCourseRequest sent = service.last(GetCourseRequest.class);
    assertThat(sent.getCourseId()).isEqualTo("golf");
    assertThat(sent.getVersionId()).isEqualTo(3);
  }

  @Test
  void getCourse_withoutVersion_leavesVersionUnset() {
    service.courses.put("golf", Course.newBuilder().setId("golf").build());

    client.getCourse("golf", OptionalInt.empty());

    assertThat(service.last(GetCourseRequest.class).hasVersionId()).isFalse();
  }

  @Test
  void getCourse_unknownCourse_throwsNotFoundWithReason() {
    assertThatThrownBy(() -> client.getCourse("nope", OptionalInt.empty()))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("COURSE_NOT_FOUND");
              assertThat(e.status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            })
        .hasMessage("course 'nope' not found");
  }

  @Test
  void unaryCall_serverErrors_becomeTypedExceptions() {
    service.failure =
        FakeCourseService.error(Status.Code.ALREADY_EXISTS, "COURSE_EXISTS", "exists");
    assertThatThrownBy(() -> client.fetchAndImport("https://x/a.zip", UploadOptions.forCourse("a")))
        .isInstanceOf(AlreadyExistsException.class);

    service.failure = FakeCourseService.error(Status.Code.INVALID_ARGUMENT, "BAD_URL", "bad url");
    assertThatThrownBy(() -> client.fetchAndImport("ftp://x", UploadOptions.forCourse("a")))
        .isInstanceOf(InvalidArgumentException.class);

    service.failure = FakeCourseService.error(Status.Code.UNAUTHENTICATED, "INVALID_API_KEY", "k");
    assertThatThrownBy(() -> client.getCourseTags("a"))
        .isInstanceOfSatisfying(
            UnauthenticatedException.class,
            e -> assertThat(e.reason()).isEqualTo("INVALID_API_KEY"));
  }

  @Test
  void fetchAndImport_sendsUrlAndOptionsAndReturnsJobId() {
    String jobId =
        client.fetchAndImport(
            "https://cdn.example/golf.zip",
            UploadOptions.forCourse("golf").withNewVersion(true).withPostbackUrl("https://hook"));

    assertThat(jobId).isEqualTo("job-1");
    CreateFetchAndImportCourseJobRequest sent =
        service.last(CreateFetchAndImportCourseJobRequest.class);
    assertThat(sent.getCourseId()).isEqualTo("golf");
    assertThat(sent.getMayCreateNewVersion()).isTrue();
    assertThat(sent.getPostbackUrl()).isEqualTo("https://hook");
    assertThat(sent.getImportRequest().getUrl()).isEqualTo("https://cdn.example/golf.zip");
  }

  @Test
  void getAllCourses_walksMorePagesSendingOnlyTheToken() {
    service.pages.add(page("1", "a", "b"));
    service.pages.add(page("2", "c"));
    service.pages.add(page(null, "d"));

    List<Course> all = client.getAllCourses(GetCoursesRequest.newBuilder().setTags("x").build());

    assertThat(all).extracting(Course::getId).containsExactly("a", "b", "c", "d");
    assertThat(service.requests)
        .extracting(r -> (GetCoursesRequest) r)
        .extracting(GetCoursesRequest::getTags, GetCoursesRequest::getMore)
        .containsExactly(tuple("x", ""), tuple("", "1"), tuple("", "2"));
  }

  @Test
  void courseConfiguration_setAndDelete_carryVersionAndSettings() {
    client.setCourseConfiguration(
        "golf", OptionalInt.of(2), Map.of("PlayerLaunchType", "NEW_WINDOW"));
    client.deleteCourseConfigurationSetting("golf", OptionalInt.empty(), "PlayerLaunchType");

    SetCourseConfigurationRequest set = service.last(SetCourseConfigurationRequest.class);
    assertThat(set.getVersionId()).isEqualTo(2);
    assertThat(set.getConfiguration().getSettings(0).getSettingId()).isEqualTo("PlayerLaunchType");
    assertThat(set.getConfiguration().getSettings(0).getValue()).isEqualTo("NEW_WINDOW");
    DeleteCourseConfigurationSettingRequest delete =
        service.last(DeleteCourseConfigurationSettingRequest.class);
    assertThat(delete.hasVersionId()).isFalse();
    assertThat(delete.getSettingId()).isEqualTo("PlayerLaunchType");
  }

  @Test
  void tags_putAddAndRemove_reachTheServer() {
    client.putCourseTags("golf", List.of("a", "b"));
    client.putCourseTagsBatch(List.of("golf"), List.of("c"));
    client.deleteCourseTags("golf", List.of("a"));

    assertThat(client.getCourseTags("golf")).containsExactly("b", "c");
  }

  @Test
  void close_onCallersChannel_leavesItUsable() {
    service.courses.put("golf", Course.newBuilder().setId("golf").build());
    client.close();

    try (CourseportClient another = courseport.client()) {
      assertThat(another.getCourse("golf", OptionalInt.empty()).getId()).isEqualTo("golf");
    }
  }

  private static ImportJobResult job(ImportJobResult.Status status) {
    return ImportJobResult.newBuilder().setJobId("job-1").setStatus(status).build();
  }

  private static CourseList page(String more, String... ids) {
    CourseList.Builder page = CourseList.newBuilder();
    for (String id : ids) {
      page.addCourses(Course.newBuilder().setId(id));
    }
    if (more != null) {
      page.setMore(more);
    }
    return page.build();
  }
}
