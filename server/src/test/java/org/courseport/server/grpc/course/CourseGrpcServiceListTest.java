package org.courseport.server.grpc.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.courseport.server.grpc.GrpcFixtures.assertFails;
import static org.courseport.server.grpc.GrpcFixtures.awaitJob;
import static org.courseport.server.grpc.GrpcFixtures.metadata;
import static org.courseport.server.grpc.GrpcFixtures.upload;

import com.google.protobuf.Timestamp;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.courseport.api.v1.BatchTags;
import org.courseport.api.v1.Course;
import org.courseport.api.v1.CourseList;
import org.courseport.api.v1.CourseServiceGrpc.CourseServiceBlockingStub;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.api.v1.ImportJobResult;
import org.courseport.api.v1.PutCourseTagsBatchRequest;
import org.courseport.api.v1.PutCourseTagsRequest;
import org.courseport.api.v1.TagList;
import org.courseport.server.grpc.GrpcFixtures;
import org.courseport.server.testing.CourseportServerExtension;
import org.courseport.server.testing.TestPackages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GetCourses through the real server: filters, orders, {@code more} paging, total count. */
class CourseGrpcServiceListTest {
  private static final int PAGE_SIZE = 3;
  private static final Metadata.Key<String> TOTAL =
      Metadata.Key.of("x-total-count", Metadata.ASCII_STRING_MARSHALLER);

  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension().with("COURSEPORT_PAGE_SIZE", Integer.toString(PAGE_SIZE));

  /**
   * A tenant with eight courses {@code p0..p7}; five of them tagged {@code red}, six (two full
   * pages) tagged {@code green}.
   */
  private static String paged;

  @BeforeAll
  static void importPagedCourses() {
    paged = server.newTenant();
    importAll(paged, "p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7");
    server
        .blocking(paged)
        .putCourseTagsBatch(
            PutCourseTagsBatchRequest.newBuilder()
                .setBatch(
                    BatchTags.newBuilder()
                        .addAllIds(List.of("p1", "p2", "p4", "p6", "p7"))
                        .addTags("red"))
                .build());
    server
        .blocking(paged)
        .putCourseTagsBatch(
            PutCourseTagsBatchRequest.newBuilder()
                .setBatch(
                    BatchTags.newBuilder()
                        .addAllIds(List.of("p0", "p1", "p2", "p3", "p4", "p5"))
                        .addTags("green"))
                .build());
  }

  // --- paging

  @Test
  void getCourses_moreTokens_walkEveryCourseOnceAndLastPageHasNoMore() {
    List<CourseList> pages = walk(paged, GetCoursesRequest.getDefaultInstance());

    assertThat(pages).hasSize(3);
    assertThat(pages).extracting(CourseList::getCoursesCount).containsExactly(3, 3, 2);
    assertThat(pages.get(0).hasMore()).isTrue();
    assertThat(pages.get(1).hasMore()).isTrue();
    assertThat(pages.get(2).hasMore()).isFalse();
    List<String> ids = ids(pages);
    assertThat(ids)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7");
  }

  @Test
  void getCourses_moreToken_aloneCarriesFiltersOrderAndIncludes() {
    GetCoursesRequest first =
        GetCoursesRequest.newBuilder()
            .setTags("red")
            .setOrderBy("title_desc")
            .setIncludeCourseMetadata(true)
            .build();

    List<CourseList> pages = walk(paged, first);

    assertThat(ids(pages)).containsExactly("p7", "p6", "p4", "p2", "p1");
    assertThat(pages).hasSize(2);
    assertThat(pages.get(1).getCoursesList())
        .allSatisfy(
            c -> {
              assertThat(c.getTagsList()).contains("red");
              assertThat(c.hasMetadata()).isTrue();
            });
  }

  @Test
  void getCourses_exactlyOnePageOfResults_hasNoMore() {
    CourseList page =
        server
            .blocking(paged)
            .getCourses(
                GetCoursesRequest.newBuilder()
                    .setTags("red")
                    .setFilter("p1")
                    .setSince("2000-01-01")
                    .setUntil("2999-01-01T00:00Z")
                    .build());

    assertThat(page.getCoursesList()).extracting(Course::getId).containsExactly("p1");
    assertThat(page.hasMore()).isFalse();
  }

  @Test
  void getCourses_resultsFillingTheLastPageExactly_endWithoutMoreOrEmptyPage() {
    List<CourseList> pages = walk(paged, GetCoursesRequest.newBuilder().setTags("green").build());

    assertThat(pages).extracting(CourseList::getCoursesCount).containsExactly(3, 3);
    assertThat(pages.get(1).hasMore()).isFalse();
    assertThat(ids(pages)).containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4", "p5");
  }

  @Test
  void getCourses_courseWhoseFirstImportIsStillRecording_neitherListedNorCountedNorHidingOthers() {
    String key = server.newTenant();
    importAll(key, "q0", "q1", "q2", "q3");
    // The record an import creates just before its first version is stored (latestVersion -1);
    // it stays so if the worker dies at that point. Newest, so it sorts first.
    Instant now = Instant.now();
    server
        .server()
        .services()
        .store()
        .courses()
        .insert(
            new org.courseport.server.domain.course.Course(
                GrpcFixtures.tenantId(server, key),
                "q-pending",
                "Pending",
                List.of(),
                now,
                now,
                -1,
                1));

    Headers first =
        withHeaders(key, GetCoursesRequest.newBuilder().setIncludeTotalCount(true).build());
    List<Course> all = list(key, GetCoursesRequest.getDefaultInstance());

    assertThat(all).extracting(Course::getId).containsExactlyInAnyOrder("q0", "q1", "q2", "q3");
    assertThat(first.headers().get(TOTAL)).isEqualTo("4");
  }

  @Test
  void getCourses_garbageMoreToken_returnsInvalidArgumentNamingMore() {
    var e =
        assertFails(
            () ->
                server
                    .blocking(paged)
                    .getCourses(GetCoursesRequest.newBuilder().setMore("not-a-token!").build()),
            Status.Code.INVALID_ARGUMENT,
            "PARAMETER_INVALID");

    assertThat(e.getStatus().getDescription()).contains("more");
  }

  // --- x-total-count

  @Test
  void getCourses_includeTotalCount_sendsHeaderOnFirstPageOnly() {
    GetCoursesRequest request =
        GetCoursesRequest.newBuilder().setTags("red").setIncludeTotalCount(true).build();

    Headers first = withHeaders(paged, request);
    Headers second =
        withHeaders(paged, GetCoursesRequest.newBuilder().setMore(first.list().getMore()).build());

    assertThat(first.headers().get(TOTAL)).isEqualTo("5");
    assertThat(second.list().getCoursesCount()).isEqualTo(2);
    assertThat(second.headers().get(TOTAL)).isNull();
  }

  @Test
  void getCourses_withoutIncludeTotalCount_sendsNoHeader() {
    Headers page = withHeaders(paged, GetCoursesRequest.getDefaultInstance());

    assertThat(page.list().getCoursesCount()).isEqualTo(PAGE_SIZE);
    assertThat(page.headers().get(TOTAL)).isNull();
  }

  // --- include flags

  @Test
  void getCourses_includeFlags_addMetadataAndRegistrationCountOnlyWhenAsked() {
    CourseList plain = server.blocking(paged).getCourses(GetCoursesRequest.getDefaultInstance());
    CourseList rich =
        server
            .blocking(paged)
            .getCourses(
                GetCoursesRequest.newBuilder()
                    .setIncludeCourseMetadata(true)
                    .setIncludeRegistrationCount(true)
                    .build());

    assertThat(plain.getCoursesList())
        .allSatisfy(
            c -> {
              assertThat(c.hasMetadata()).isFalse();
              assertThat(c.hasRegistrationCount()).isFalse();
            });
    assertThat(rich.getCoursesList())
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.hasMetadata()).isTrue();
              assertThat(c.hasRegistrationCount()).isTrue();
              assertThat(c.getRegistrationCount()).isZero();
            });
  }

  // --- filters

  @Test
  void getCourses_sinceUntil_applyToCreatedOrUpdatedAsAsked() {
    String key = server.newTenant();
    for (String id : List.of("d-a", "d-b", "d-c")) {
      importAll(key, id);
    }
    Map<String, Course> before = byId(list(key, GetCoursesRequest.getDefaultInstance()));
    // Touching d-a makes it the most recently updated course; its creation date stays.
    server
        .blocking(key)
        .putCourseTags(
            PutCourseTagsRequest.newBuilder()
                .setCourseId("d-a")
                .setTags(TagList.newBuilder().addTags("touched"))
                .build());
    Map<String, Course> after = byId(list(key, GetCoursesRequest.getDefaultInstance()));
    String createdB = iso(before.get("d-b").getCreated());
    String updatedA = iso(after.get("d-a").getUpdated());
    String updatedC = iso(after.get("d-c").getUpdated());

    assertThat(
            ids(
                key,
                GetCoursesRequest.newBuilder().setDatetimeFilter("created").setSince(createdB)))
        .containsExactlyInAnyOrder("d-b", "d-c");
    assertThat(
            ids(
                key,
                GetCoursesRequest.newBuilder().setDatetimeFilter("created").setUntil(createdB)))
        .containsExactlyInAnyOrder("d-a", "d-b");
    assertThat(ids(key, GetCoursesRequest.newBuilder().setSince(updatedA))).containsExactly("d-a");
    assertThat(
            ids(
                key,
                GetCoursesRequest.newBuilder().setDatetimeFilter("updated").setUntil(updatedC)))
        .containsExactlyInAnyOrder("d-b", "d-c");
    assertThat(
            ids(
                key,
                GetCoursesRequest.newBuilder()
                    .setDatetimeFilter("created")
                    .setSince(createdB)
                    .setUntil(createdB)))
        .containsExactly("d-b");
  }

  @Test
  void getCourses_tags_matchAnyOfTheGivenTags() {
    String key = server.newTenant();
    importAll(key, "t-x", "t-y", "t-xz", "t-none");
    tag(key, "t-x", "x");
    tag(key, "t-y", "y");
    tag(key, "t-xz", "x", "z");

    assertThat(ids(key, GetCoursesRequest.newBuilder().setTags("x,y")))
        .containsExactlyInAnyOrder("t-x", "t-y", "t-xz");
    assertThat(ids(key, GetCoursesRequest.newBuilder().setTags(" z , "))).containsExactly("t-xz");
    assertThat(ids(key, GetCoursesRequest.newBuilder().setTags("absent"))).isEmpty();
  }

  @Test
  void getCourses_filterBy_matchesCourseIdTitleOrTagsCaseInsensitivelyAndLiterally() {
    String key = server.newTenant();
    importCourse(key, "alpha.1", "Intro to Java");
    importCourse(key, "alphax1", "Advanced Go");
    importCourse(key, "beta", "java tricks");
    tag(key, "beta", "Language-French");

    assertThat(ids(key, GetCoursesRequest.newBuilder().setFilter("ALPHA")))
        .containsExactlyInAnyOrder("alpha.1", "alphax1");
    assertThat(
            ids(key, GetCoursesRequest.newBuilder().setFilter("alpha.1").setFilterBy("course_id")))
        .containsExactly("alpha.1");
    assertThat(ids(key, GetCoursesRequest.newBuilder().setFilter("java").setFilterBy("title")))
        .containsExactlyInAnyOrder("alpha.1", "beta");
    assertThat(ids(key, GetCoursesRequest.newBuilder().setFilter("french").setFilterBy("tags")))
        .containsExactly("beta");
    assertThat(ids(key, GetCoursesRequest.newBuilder().setFilter("go").setFilterBy("tags")))
        .isEmpty();
  }

  @Test
  void getCourses_orderBy_sortsByEachOfTheSixOrders() {
    String key = server.newTenant();
    importCourse(key, "o-banana", "banana");
    importCourse(key, "o-apple", "Apple");
    importCourse(key, "o-cherry", "cherry");
    tag(key, "o-apple", "touched");

    assertThat(ids(key, GetCoursesRequest.newBuilder()))
        .containsExactly("o-cherry", "o-apple", "o-banana");
    assertThat(ids(key, order("created_desc"))).containsExactly("o-cherry", "o-apple", "o-banana");
    assertThat(ids(key, order("created_asc"))).containsExactly("o-banana", "o-apple", "o-cherry");
    assertThat(ids(key, order("updated_asc"))).containsExactly("o-banana", "o-cherry", "o-apple");
    assertThat(ids(key, order("updated_desc"))).containsExactly("o-apple", "o-cherry", "o-banana");
    assertThat(ids(key, order("title_asc"))).containsExactly("o-apple", "o-banana", "o-cherry");
    assertThat(ids(key, order("title_desc"))).containsExactly("o-cherry", "o-banana", "o-apple");
  }

  @Test
  void getCourses_otherTenantsCourses_areNotListed() {
    String key = server.newTenant();
    importAll(key, "own");

    assertThat(ids(key, GetCoursesRequest.newBuilder())).containsExactly("own");
  }

  @Test
  void getCourses_badValues_returnInvalidArgumentNamingTheParameter() {
    CourseServiceBlockingStub stub = server.blocking(paged);
    Map<String, GetCoursesRequest> bad =
        Map.of(
            "orderBy", GetCoursesRequest.newBuilder().setOrderBy("newest").build(),
            "filterBy", GetCoursesRequest.newBuilder().setFilter("x").setFilterBy("author").build(),
            "datetimeFilter", GetCoursesRequest.newBuilder().setDatetimeFilter("deleted").build(),
            "since", GetCoursesRequest.newBuilder().setSince("last tuesday").build(),
            "until", GetCoursesRequest.newBuilder().setUntil("2024-13-45T00:00:00Z").build());

    bad.forEach(
        (parameter, request) -> {
          var e =
              assertFails(
                  () -> stub.getCourses(request),
                  Status.Code.INVALID_ARGUMENT,
                  "PARAMETER_INVALID");
          assertThat(e.getStatus().getDescription()).as(parameter).contains("'" + parameter + "'");
        });
  }

  // --- helpers

  private static void importAll(String key, String... ids) {
    List<String> jobs = new ArrayList<>();
    for (String id : ids) {
      jobs.add(upload(server, key, metadata(id), TestPackages.scorm12("Course " + id)));
    }
    for (String job : jobs) {
      ImportJobResult r = awaitJob(server, key, job);
      assertThat(r.getStatus()).as(r.getMessage()).isEqualTo(ImportJobResult.Status.COMPLETE);
    }
  }

  private static void importCourse(String key, String id, String title) {
    GrpcFixtures.importCourse(server, key, id, TestPackages.scorm12(title));
  }

  private static void tag(String key, String courseId, String... tags) {
    server
        .blocking(key)
        .putCourseTags(
            PutCourseTagsRequest.newBuilder()
                .setCourseId(courseId)
                .setTags(TagList.newBuilder().addAllTags(List.of(tags)))
                .build());
  }

  private static GetCoursesRequest.Builder order(String orderBy) {
    return GetCoursesRequest.newBuilder().setOrderBy(orderBy);
  }

  /** Every page of a listing: the request, then only the {@code more} token of each page. */
  private static List<CourseList> walk(String key, GetCoursesRequest first) {
    List<CourseList> pages = new ArrayList<>();
    CourseList page = server.blocking(key).getCourses(first);
    pages.add(page);
    while (page.hasMore()) {
      assertThat(page.getMore()).isNotEmpty();
      assertThat(pages).as("pages").hasSizeLessThan(20);
      page =
          server
              .blocking(key)
              .getCourses(GetCoursesRequest.newBuilder().setMore(page.getMore()).build());
      pages.add(page);
    }
    return pages;
  }

  private static List<Course> list(String key, GetCoursesRequest request) {
    List<Course> all = new ArrayList<>();
    walk(key, request).forEach(p -> all.addAll(p.getCoursesList()));
    return all;
  }

  private static List<String> ids(String key, GetCoursesRequest.Builder request) {
    return list(key, request.build()).stream().map(Course::getId).toList();
  }

  private static List<String> ids(List<CourseList> pages) {
    List<String> ids = new ArrayList<>();
    pages.forEach(p -> p.getCoursesList().forEach(c -> ids.add(c.getId())));
    return ids;
  }

  private static Map<String, Course> byId(List<Course> courses) {
    assertThat(new HashSet<>(courses.stream().map(Course::getId).toList())).hasSize(courses.size());
    return courses.stream().collect(java.util.stream.Collectors.toMap(Course::getId, c -> c));
  }

  /** A page and the response headers it came with. */
  private record Headers(CourseList list, Metadata headers) {}

  private static Headers withHeaders(String key, GetCoursesRequest request) {
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    CourseList list =
        server
            .blocking(key)
            .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
            .getCourses(request);
    assertThat(headers.get()).isNotNull();
    return new Headers(list, headers.get());
  }

  private static String iso(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
  }
}
