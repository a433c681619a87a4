package org.courseport.client.cli;

import org.courseport.api.v1.CourseList;
import org.courseport.api.v1.GetCoursesRequest;
import org.courseport.client.CourseportClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code courses list}: one page of courses, or every page with {@code --all}. */
@Command(name = "list", description = "List courses (latest version of each).")
final class CoursesListCommand extends ClientCommand {
  @Option(names = "--filter", paramLabel = "TEXT", description = "Text to look for.")
  String filter;

  @Option(
      names = "--filter-by",
      paramLabel = "FIELD",
      description = "Field --filter applies to: course_id (default), title or tags.")
  String filterBy;

  @Option(names = "--tags", paramLabel = "a,b", description = "Courses having any of the tags.")
  String tags;

  @Option(
      names = "--order-by",
      paramLabel = "ORDER",
      description = "created_asc, created_desc (default), updated_asc, updated_desc, title_asc...")
  String orderBy;

  @Option(names = "--since", paramLabel = "DATETIME", description = "Updated at or after (ISO).")
  String since;

  @Option(names = "--until", paramLabel = "DATETIME", description = "Updated at or before (ISO).")
  String until;

  @Option(names = "--all", description = "Walk every page.")
  boolean all;

  @Option(names = "--json", description = "Print the list as JSON.")
  boolean json;

  @Override
  int run(CourseportClient client) {
    CourseList page =
        all
            ? CourseList.newBuilder().addAllCourses(client.getAllCourses(request())).build()
            : client.getCourses(request());
    if (json) {
      Json.print(page, out());
    } else {
      CourseText.courseTable(page.getCoursesList()).print(out());
    }
    if (page.hasMore() && !page.getMore().isEmpty()) {
      err().println("more courses exist: add --all to list every page");
    }
    return 0;
  }

  private GetCoursesRequest request() {
    GetCoursesRequest.Builder request = GetCoursesRequest.newBuilder();
    if (filter != null) {
      request.setFilter(filter);
    }
    if (filterBy != null) {
      request.setFilterBy(filterBy);
    }
    if (tags != null) {
      request.setTags(tags);
    }
    if (orderBy != null) {
      request.setOrderBy(orderBy);
    }
    if (since != null) {
      request.setSince(since);
    }
    if (until != null) {
      request.setUntil(until);
    }
    return request.build();
  }
}
