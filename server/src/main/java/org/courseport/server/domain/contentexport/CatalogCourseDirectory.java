package org.courseport.server.domain.contentexport;

import java.util.ArrayList;
import java.util.List;
import org.courseport.server.domain.course.Course;
import org.courseport.server.domain.course.CourseQuery;
import org.courseport.server.domain.course.CourseRepository;

/** The tenant's visible courses of the course catalog (imported and authored). */
public final class CatalogCourseDirectory implements CourseDirectory {
  private static final int PAGE = 500;
  private final CourseRepository courses;

  public CatalogCourseDirectory(CourseRepository courses) {
    this.courses = courses;
  }

  @Override
  public boolean exists(String tenantId, String courseId) {
    return courses.find(tenantId, courseId).filter(c -> c.latestVersion() >= 0).isPresent();
  }

  @Override
  public List<String> courseIds(String tenantId) {
    CourseQuery all = CourseQuery.all();
    CourseQuery oldestFirst =
        new CourseQuery(
            all.since(),
            all.until(),
            all.dateField(),
            all.anyTags(),
            all.filter(),
            all.filterBy(),
            CourseQuery.Order.CREATED_ASC);
    List<String> ids = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      List<Course> page = courses.list(tenantId, oldestFirst, offset, PAGE);
      page.stream().filter(c -> c.latestVersion() >= 0).forEach(c -> ids.add(c.courseId()));
      if (page.size() < PAGE) {
        return ids;
      }
    }
  }
}
