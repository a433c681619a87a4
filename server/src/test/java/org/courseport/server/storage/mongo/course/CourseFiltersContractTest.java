package org.courseport.server.storage.mongo.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.course.CourseQuery;
import org.courseport.server.domain.course.CourseQuery.DateField;
import org.courseport.server.domain.course.CourseQuery.FilterField;
import org.courseport.server.domain.course.CourseQuery.Order;
import org.courseport.server.storage.mongo.MongoStoreContractTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Contract of course listings ({@link CourseFilters} through MongoCourseRepository.list/count). */
abstract class CourseFiltersContractTest extends MongoStoreContractTest {
  static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
  // Course ids sort as D < A < B < C (binary order: upper case first).
  static final String A = "advanced(x)";
  static final String B = "basics";
  static final String C = "intro-101";
  static final String D = "Intro.2";

  @BeforeEach
  void insertCourses() {
    insert("t1", A, 1, 5, "banana", List.of("red"));
    insert("t1", B, 2, 4, "Apple", List.of("green", "red"));
    insert("t1", C, 3, 3, "cherry", List.of("Gold-Star"));
    insert("t1", D, 3, 1, "apple", List.of("blue"));
    // Another tenant's course that would match every query below.
    insert("t2", "intro-advanced(x)basics.2", 3, 3, "apple banana", List.of("red", "blue"));
  }

  private void insert(
      String tenant, String id, int createdH, int updatedH, String title, List<String> tags) {
    store
        .courses()
        .insert(new Course(tenant, id, title, tags, hours(createdH), hours(updatedH), 0, 1));
  }

  static Instant hours(int h) {
    return T0.plus(Duration.ofHours(h));
  }

  static CourseQuery query(Order order) {
    return new CourseQuery(
        null, null, DateField.UPDATED, List.of(), null, FilterField.COURSE_ID, order);
  }

  static CourseQuery dates(Instant since, Instant until, DateField field) {
    return new CourseQuery(
        since, until, field, List.of(), null, FilterField.COURSE_ID, Order.CREATED_ASC);
  }

  static CourseQuery text(String filter, FilterField field) {
    return new CourseQuery(
        null, null, DateField.UPDATED, List.of(), filter, field, Order.CREATED_ASC);
  }

  static CourseQuery tags(String... tags) {
    return new CourseQuery(
        null,
        null,
        DateField.UPDATED,
        List.of(tags),
        null,
        FilterField.COURSE_ID,
        Order.CREATED_ASC);
  }

  /** Ids listed for tenant t1, after checking that count agrees with the listing. */
  List<String> ids(CourseQuery query) {
    List<String> ids =
        store.courses().list("t1", query, 0, 100).stream().map(Course::courseId).toList();
    assertThat(store.courses().count("t1", query)).isEqualTo(ids.size());
    return ids;
  }

  static Stream<Arguments> orders() {
    return Stream.of(
        arguments(Order.CREATED_ASC, List.of(A, B, D, C)),
        arguments(Order.CREATED_DESC, List.of(D, C, B, A)),
        arguments(Order.UPDATED_ASC, List.of(D, C, B, A)),
        arguments(Order.UPDATED_DESC, List.of(A, B, C, D)),
        arguments(Order.TITLE_ASC, List.of(D, B, A, C)),
        arguments(Order.TITLE_DESC, List.of(C, A, D, B)));
  }

  @ParameterizedTest
  @MethodSource("orders")
  void listsInEachOrderWithCourseIdBreakingTies(Order order, List<String> expected) {
    assertThat(ids(query(order))).containsExactlyElementsOf(expected);
  }

  @Test
  void absentOrderListsNewestFirst() {
    assertThat(ids(query(null))).containsExactly(D, C, B, A);
  }

  @Test
  void sinceAndUntilAreInclusiveOnTheChosenDate() {
    assertThat(ids(dates(hours(2), null, DateField.CREATED))).containsExactly(B, D, C);
    assertThat(ids(dates(null, hours(2), DateField.CREATED))).containsExactly(A, B);
    assertThat(ids(dates(hours(3), hours(4), DateField.UPDATED))).containsExactly(B, C);
    assertThat(ids(dates(hours(6), null, DateField.UPDATED))).isEmpty();
  }

  @Test
  void anyTagsMatchesCoursesHavingAtLeastOneTag() {
    assertThat(ids(tags("red", "blue"))).containsExactly(A, B, D);
    assertThat(ids(tags("RED"))).isEmpty();
    assertThat(ids(tags("none"))).isEmpty();
  }

  @Test
  void textFilterIsACaseInsensitiveSubstringOfTheChosenField() {
    assertThat(ids(text("INTRO", FilterField.COURSE_ID))).containsExactly(D, C);
    assertThat(ids(text("app", FilterField.TITLE))).containsExactly(B, D);
    assertThat(ids(text("star", FilterField.TAGS))).containsExactly(C);
    assertThat(ids(text("re", FilterField.TAGS))).containsExactly(A, B);
    assertThat(ids(text("", FilterField.TITLE))).containsExactly(A, B, D, C);
  }

  @Test
  void textFilterTreatsRegexCharactersLiterally() {
    assertThat(ids(text("o.2", FilterField.COURSE_ID))).containsExactly(D);
    assertThat(ids(text("o.1", FilterField.COURSE_ID))).isEmpty();
    assertThat(ids(text("d(x", FilterField.COURSE_ID))).containsExactly(A);
    assertThat(ids(text(".*", FilterField.COURSE_ID))).isEmpty();
    assertThat(ids(text("\\", FilterField.COURSE_ID))).isEmpty();
    assertThat(ids(text("^b", FilterField.COURSE_ID))).isEmpty();
  }

  @Test
  void offsetAndLimitPageThroughTheOrderedListing() {
    CourseQuery all = query(Order.CREATED_ASC);

    assertThat(store.courses().list("t1", all, 1, 2))
        .extracting(Course::courseId)
        .containsExactly(B, D);
    assertThat(store.courses().list("t1", all, 3, 10))
        .extracting(Course::courseId)
        .containsExactly(C);
    assertThat(store.courses().list("t1", all, 10, 10)).isEmpty();
    assertThat(store.courses().list("t1", all, 0, 0)).isEmpty();
    assertThat(store.courses().count("t1", all)).isEqualTo(4);
  }

  @Test
  void listingsNeverIncludeAnotherTenantsCourses() {
    assertThat(store.courses().list("t2", CourseQuery.all(), 0, 10))
        .extracting(Course::tenantId)
        .containsExactly("t2");
    assertThat(store.courses().count("t3", CourseQuery.all())).isZero();
    assertThat(ids(text("basics.2", FilterField.COURSE_ID))).isEmpty();
  }

  @Test
  void courseWithoutStoredVersion_isNeitherListedNorCounted() {
    store
        .courses()
        .insert(new Course("t1", "pending", "apple", List.of("blue"), hours(9), hours(9), -1, 1));

    assertThat(store.courses().list("t1", CourseQuery.all(), 0, 10))
        .extracting(Course::courseId)
        .doesNotContain("pending")
        .hasSize(4);
    assertThat(store.courses().count("t1", CourseQuery.all())).isEqualTo(4);
  }
}
