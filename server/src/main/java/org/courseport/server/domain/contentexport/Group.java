package org.courseport.server.domain.contentexport;

import java.time.Instant;
import java.util.List;

/**
 * A group: a named set of one tenant's courses.
 *
 * @param tenantId owning tenant
 * @param id integer id per tenant
 * @param name its name
 * @param courseIds the courses, in the order they were added
 * @param created when it was created
 */
public record Group(String tenantId, int id, String name, List<String> courseIds, Instant created) {
  public Group {
    courseIds = List.copyOf(courseIds);
  }
}
