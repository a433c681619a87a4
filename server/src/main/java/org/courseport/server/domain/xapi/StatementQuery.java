package org.courseport.server.domain.xapi;

import java.time.Instant;

/**
 * A statement query.
 *
 * @param tenantId the tenant
 * @param courseId the course
 * @param version one version, or null for all
 * @param learnerId only this learner, or null
 * @param since stored at or after, or null
 * @param until stored before, or null
 * @param more the paging token from the previous page, or null
 * @param pageSize most statements per page
 */
public record StatementQuery(
    String tenantId,
    String courseId,
    Integer version,
    String learnerId,
    Instant since,
    Instant until,
    String more,
    int pageSize) {}
