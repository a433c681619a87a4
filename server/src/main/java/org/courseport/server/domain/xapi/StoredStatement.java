package org.courseport.server.domain.xapi;

import java.time.Instant;

/**
 * One stored xAPI statement.
 *
 * @param id the statement id (UUID)
 * @param tenantId the owning tenant
 * @param courseId the course
 * @param version the course version
 * @param learnerId the actor's account name (the session's user id)
 * @param registration the registration UUID
 * @param stored when it was stored (paging order, with the id as tie-breaker)
 * @param json the statement as xAPI 1.0.2 JSON ({@code object}, not {@code objectActivity}),
 *     including {@code id}, {@code timestamp} and {@code stored}
 */
public record StoredStatement(
    String id,
    String tenantId,
    String courseId,
    int version,
    String learnerId,
    String registration,
    Instant stored,
    String json) {}
