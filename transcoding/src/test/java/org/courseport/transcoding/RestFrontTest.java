package org.courseport.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.transcoding.Http.json;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import java.nio.charset.StandardCharsets;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseServiceGrpc.CourseServiceBlockingStub;
import org.courseport.api.v1.CreateFetchAndImportCourseJobRequest;
import org.courseport.api.v1.DeleteCourseTagsRequest;
import org.courseport.api.v1.DeleteCourseVersionRequest;
import org.courseport.api.v1.GetCourseRequest;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.api.v1.SetCourseTitleRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RestFrontTest {

  @RegisterExtension static final FrontExtension front = new FrontExtension();

  private static final String COURSE_JSON =
      "{'id':'c1','title':'Golf','xapiActivityId':'','created':'2024-01-15T10:20:30Z',"
          + "'updated':'2024-01-15T10:20:30.120Z','version':0,'activityId':'',"
          + "'courseLearningStandard':'SCORM12','tags':['sports'],'dispatched':false,"
          + "'packageFormat':'','launchUrl':''}";

  private final BlockingWebClient client = front.authorized();

  @BeforeEach
  void reset() {
    front.fake.requests.clear();
    front.fake.failure = null;
    front.auth.seen.clear();
    front.ready = true;
  }

  @Test
  void getCourse_printsDocumentedJson() {
    AggregatedHttpResponse res = client.get("/api/v2/courses/c1?includeRegistrationCount=false");

    assertThat(res.status()).isEqualTo(HttpStatus.OK);
    assertThat(res.contentType().is(MediaType.JSON)).isTrue();
    assertThat(json(res.contentUtf8())).isEqualTo(json(COURSE_JSON));
    assertThat(res.headers().names()).noneMatch(n -> n.toString().startsWith("grpc-"));
  }

  @Test
  void getCourse_sameCallViaGrpcStubOnTheHttpPort_returnsSameMessage() {
    CourseServiceBlockingStub stub =
        GrpcClients.builder(front.httpUri())
            .addHeader(HttpHeaderNames.AUTHORIZATION, FakeAuthInterceptor.GOOD)
            .build(CourseServiceBlockingStub.class);

    Course course = stub.getCourse(GetCourseRequest.newBuilder().setCourseId("c1").build());

    assertThat(course).isEqualTo(FakeCourseService.course());
    assertThat(front.auth.seen).containsExactly(FakeAuthInterceptor.GOOD);
  }

  @Test
  void getCourse_versionBinding_parsesVersionIntoOptionalField() {
    AggregatedHttpResponse res = client.get("/api/v2/courses/c1/versions/0");

    assertThat(res.status()).isEqualTo(HttpStatus.OK);
    GetCourseRequest request = (GetCourseRequest) front.fake.requests.get(0);
    assertThat(request.getCourseId()).isEqualTo("c1");
    assertThat(request.hasVersionId()).isTrue();
    assertThat(request.getVersionId()).isZero();
  }

  @Test
  void getCourses_camelCaseQueryParams_reachRequest_andLastPageOmitsMore() {
    AggregatedHttpResponse res =
        client.get(
            "/api/v2/courses?includeCourseMetadata=true"
                + "&filterBy=title&orderBy=title_asc&since=2024-01-01T00:00Z&datetimeFilter=created"
                + "&include_registration_count=true&tags=a,b");

    assertThat(res.status()).isEqualTo(HttpStatus.OK);
    assertThat(json(res.contentUtf8())).isEqualTo(json("{'courses':[" + COURSE_JSON + "]}"));
    assertThat(res.headers().contains("x-total-count")).isFalse();
    GetCoursesRequest request = (GetCoursesRequest) front.fake.requests.get(0);
    assertThat(request.getIncludeCourseMetadata()).isTrue();
    assertThat(request.getIncludeRegistrationCount()).isTrue();
    assertThat(request.getFilterBy()).isEqualTo("title");
    assertThat(request.getOrderBy()).isEqualTo("title_asc");
    assertThat(request.getSince()).isEqualTo("2024-01-01T00:00Z");
    assertThat(request.getDatetimeFilter()).isEqualTo("created");
    assertThat(request.getTags()).isEqualTo("a,b");
  }

  @Test
  void getCourseFileList_int64PrintsAsNumber() {
    AggregatedHttpResponse res = client.get("/api/v2/courses/c1/asset/list");

    assertThat(res.contentUtf8())
        .isEqualTo("{\"files\":[{\"path\":\"imsmanifest.xml\",\"size\":5000000000}]}");
  }

  @Test
  void getCourses_includeTotalCount_headerSetByMethodReachesResponse() {
    AggregatedHttpResponse res = client.get("/api/v2/courses?includeTotalCount=true");

    assertThat(res.status()).isEqualTo(HttpStatus.OK);
    assertThat(res.headers().get("x-total-count")).isEqualTo("42");
  }

  @Test
  void doubleSlashAfterApiV2_reachesSameRoute_andHeadersAreTitleCased() throws Exception {
    String response =
        Http.raw(
            front.httpPort(),
            "GET /api/v2//courses?includeTotalCount=true HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: "
                + FakeAuthInterceptor.GOOD
                + "\r\nAccept: application/json\r\n"
                + "Connection: close\r\n\r\n",
            new byte[0]);

    assertThat(response).startsWith("HTTP/1.1 200 OK");
    assertThat(response).contains("\r\nX-Total-Count: 42\r\n").contains("\r\nContent-Type: ");
    assertThat(json(Http.rawBody(response))).isEqualTo(json("{'courses':[" + COURSE_JSON + "]}"));
  }

  @Test
  void doubleSlash_bodylessDeleteWithJsonContentType_answers204() throws Exception {
    String response =
        Http.raw(
            front.httpPort(),
            "DELETE /api/v2//courses/c1/versions/3 HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: "
                + FakeAuthInterceptor.GOOD
                + "\r\n"
                + "Content-Type: application/json\r\nConnection: close\r\n\r\n",
            new byte[0]);

    assertThat(response).startsWith("HTTP/1.1 204 No Content");
    assertThat(Http.rawBody(response)).isEmpty();
    DeleteCourseVersionRequest request = (DeleteCourseVersionRequest) front.fake.requests.get(0);
    assertThat(request.getCourseId()).isEqualTo("c1");
    assertThat(request.getVersionId()).isEqualTo(3);
  }

  @Test
  void deleteCourse_emptyResult_answers204WithoutBody() {
    AggregatedHttpResponse res = client.delete("/api/v2/courses/c1");

    assertThat(res.status()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(res.content().isEmpty()).isTrue();
    assertThat(res.headers().contentType()).isNull();
  }

  @Test
  void deleteCourseTags_jsonBodyOnDelete_reachesRequest() {
    AggregatedHttpResponse res =
        client.execute(
            HttpRequest.of(
                HttpMethod.DELETE,
                "/api/v2/courses/c1/tags",
                MediaType.JSON_UTF_8,
                "{\"tags\":[\"a\",\"b\"]}"));

    assertThat(res.status()).isEqualTo(HttpStatus.NO_CONTENT);
    DeleteCourseTagsRequest request = (DeleteCourseTagsRequest) front.fake.requests.get(0);
    assertThat(request.getTags().getTagsList()).containsExactly("a", "b");
  }

  @Test
  void bodylessGetWithJsonContentType_works() {
    AggregatedHttpResponse res =
        client.execute(
            RequestHeaders.builder(HttpMethod.GET, "/api/v2/courses/c1")
                .contentType(MediaType.JSON)
                .build());

    assertThat(res.status()).isEqualTo(HttpStatus.OK);
    assertThat(json(res.contentUtf8())).isEqualTo(json(COURSE_JSON));
  }

  @Test
  void setCourseTitle_unknownJsonFieldsIgnored() {
    AggregatedHttpResponse res =
        client.execute(
            HttpRequest.of(
                HttpMethod.PUT,
                "/api/v2/courses/c1/title",
                MediaType.JSON,
                "{\"title\":\"New\",\"bogus\":{\"x\":1}}"));

    assertThat(res.status()).isEqualTo(HttpStatus.NO_CONTENT);
    SetCourseTitleRequest request = (SetCourseTitleRequest) front.fake.requests.get(0);
    assertThat(request.getTitle().getTitle()).isEqualTo("New");
  }

  @Test
  void createFetchAndImportCourseJob_queryAndBodyReachRequest_authorizationUnchanged() {
    AggregatedHttpResponse res =
        client.execute(
            HttpRequest.of(
                HttpMethod.POST,
                "/api/v2/courses/importJobs?courseId=c9&mayCreateNewVersion=true",
                MediaType.JSON,
                "{\"url\":\"https://example.org/p.zip\",\"contentType\":\"application/zip\"}"));

    assertThat(res.status()).isEqualTo(HttpStatus.OK);
    assertThat(json(res.contentUtf8())).isEqualTo(json("{'result':'job-fetch'}"));
    CreateFetchAndImportCourseJobRequest request =
        (CreateFetchAndImportCourseJobRequest) front.fake.requests.get(0);
    assertThat(request.getCourseId()).isEqualTo("c9");
    assertThat(request.getMayCreateNewVersion()).isTrue();
    assertThat(request.getImportRequest().getUrl()).isEqualTo("https://example.org/p.zip");
    assertThat(front.auth.seen).containsExactly(FakeAuthInterceptor.GOOD);
  }

  @Test
  void missingCredentials_answers401WithScormCloudBodyAndChallenge() {
    AggregatedHttpResponse res = front.blockingWebClient().get("/api/v2/courses/c1");

    assertThat(res.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(res.contentUtf8()).isEqualTo("{\"error\":\"Authorization Required.\"}");
    assertThat(res.headers().get(HttpHeaderNames.WWW_AUTHENTICATE))
        .isEqualTo("Basic realm=\"courseport\"");
    assertThat(front.fake.requests).isEmpty();
  }

  @Test
  void healthz_followsReadiness() {
    front.ready = false;
    AggregatedHttpResponse notReady = front.blockingWebClient().get("/healthz");
    front.ready = true;
    AggregatedHttpResponse ready = front.blockingWebClient().get("/healthz");

    assertThat(notReady.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(ready.status()).isEqualTo(HttpStatus.OK);
    assertThat(json(ready.contentUtf8())).isEqualTo(json("{'status':'SERVING'}"));
  }

  @Test
  void docs_listCourseService() {
    AggregatedHttpResponse page = front.blockingWebClient().get("/docs/");
    AggregatedHttpResponse spec = front.blockingWebClient().get("/docs/specification.json");

    assertThat(page.status()).isEqualTo(HttpStatus.OK);
    assertThat(spec.status()).isEqualTo(HttpStatus.OK);
    assertThat(spec.content().toString(StandardCharsets.UTF_8))
        .contains("courseport.v1.CourseService")
        .contains("GetCourses");
  }
}
