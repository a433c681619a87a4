package org.courseport.server.domain.launch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A tracked launch session (SCORM Cloud's registration, the Allure API's session).
 *
 * @param tenantId the owning tenant
 * @param courseId the course (the Allure package id)
 * @param version the course version the session runs (fixed at its first launch)
 * @param sessionId the caller's session id
 * @param registrationId a UUID for xAPI {@code context.registration} (the session id when it is a
 *     UUID)
 * @param userId the learner
 * @param standard {@code scorm12} or {@code scorm2004}
 * @param completionStatus rolled up over the SCOs: completed, incomplete, not attempted, unknown
 * @param successStatus rolled up: passed, failed, unknown
 * @param scoreScaled rolled-up scaled score, null when none
 * @param scoreRaw rolled-up raw score, null when none
 * @param location the bookmark of the SCO last used
 * @param lastItemId the SCO last used (where a relaunch resumes)
 * @param totalTime the sum of the SCOs' total times
 * @param scos the SCOs' states by item identifier
 * @param launchCount how many times the session was opened
 * @param revision incremented by every stored commit (conditional updates compare it)
 * @param created when the session was created
 * @param updated when it last changed
 */
public record LaunchSession(
    String tenantId,
    String courseId,
    int version,
    String sessionId,
    String registrationId,
    String userId,
    String standard,
    String completionStatus,
    String successStatus,
    Double scoreScaled,
    Double scoreRaw,
    String location,
    String lastItemId,
    Duration totalTime,
    Map<String, ScoState> scos,
    int launchCount,
    long revision,
    Instant created,
    Instant updated) {
  public LaunchSession {
    scos = Map.copyOf(scos);
  }
}
