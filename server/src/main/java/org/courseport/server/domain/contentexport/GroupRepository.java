package org.courseport.server.domain.contentexport;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stores groups, with integer ids per tenant. */
public interface GroupRepository {
  /** Stores a new group with the tenant's next group id. */
  Group create(String tenantId, String name, List<String> courseIds, Instant now);

  /** The tenant's group; empty for an unknown id or another tenant's. */
  Optional<Group> find(String tenantId, int id);

  /** Adds courses not yet in the group; empty when there is no such group. */
  Optional<Group> addCourses(String tenantId, int id, List<String> courseIds);
}
