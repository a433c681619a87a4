package org.courseport.server.grpc.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.course.CourseQuery;
import org.junit.jupiter.api.Test;

class CoursePagingTest {
  @Test
  void token_carriesFiltersAndOffset() {
    GetCoursesRequest filters =
        GetCoursesRequest.newBuilder().setTags("a,b").setOrderBy("title_asc").build();
    String token = CoursePaging.token(filters, 200);

    CoursePaging.Page page =
        CoursePaging.page(GetCoursesRequest.newBuilder().setMore(token).build());

    assertThat(page.offset()).isEqualTo(200);
    assertThat(page.filters().getTags()).isEqualTo("a,b");
    assertThat(page.filters().getOrderBy()).isEqualTo("title_asc");
    assertThat(page.filters().getMore()).isEmpty();
    assertThat(token).doesNotContain("=", "+", "/");
  }

  @Test
  void page_withForgedToken_isInvalidArgumentNamingMore() {
    assertThatThrownBy(
            () -> CoursePaging.page(GetCoursesRequest.newBuilder().setMore("not-a-token").build()))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("'more'");
  }

  @Test
  void query_defaultsFollowScormCloud() {
    CourseQuery q = CoursePaging.query(GetCoursesRequest.getDefaultInstance());
    assertThat(q.dateField()).isEqualTo(CourseQuery.DateField.UPDATED);
    assertThat(q.filterBy()).isEqualTo(CourseQuery.FilterField.COURSE_ID);
    assertThat(q.orderBy()).isEqualTo(CourseQuery.Order.CREATED_DESC);
    assertThat(q.anyTags()).isEmpty();
  }

  @Test
  void query_badFilterBy_namesTheParameter() {
    assertThatThrownBy(
            () -> CoursePaging.query(GetCoursesRequest.newBuilder().setFilterBy("color").build()))
        .hasMessageContaining("'filterBy'");
  }
}
