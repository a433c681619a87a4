package org.courseport.server.domain.course;

import java.time.Instant;
import java.util.List;

/**
 * A course of one tenant: the record that groups the versions imported under one course id.
 *
 * @param tenantId owning tenant
 * @param courseId caller-chosen id, unique per tenant
 * @param title current title (from the latest import, or set by the caller)
 * @param tags tags, in the order they were added, without duplicates
 * @param created when the course was created
 * @param updated when the course or any of its versions last changed
 * @param latestVersion the highest existing version number, -1 while the first import runs
 * @param nextVersion the number the next import will get (never reused)
 */
public record Course(
    String tenantId,
    String courseId,
    String title,
    List<String> tags,
    Instant created,
    Instant updated,
    int latestVersion,
    int nextVersion) {
  public Course {
    tags = List.copyOf(tags);
  }
}
