package org.courseport.server.domain.launch;

/**
 * One commit from the player (the body of {@code POST /s/{deliveryToken}/commit}, sent as JSON by
 * fetch or as {@code text/plain} by {@code navigator.sendBeacon}).
 *
 * <pre>{@code
 * {"itemId": "item_1", "attemptKey": "<uuid per SCO launch>", "seq": 7, "final": false,
 *  "cmi": { ...scorm-again's cmi JSON... }}
 * }</pre>
 *
 * @param itemId the SCO's item identifier
 * @param attemptKey random per SCO session in the page (a new key closes the previous session: its
 *     session_time is added to the total time)
 * @param seq increasing per attemptKey; a commit with a seq not above the stored one is ignored
 *     (beacons may arrive after a later fetch)
 * @param finalCommit whether the SCO terminated (Terminate / LMSFinish, or the page is hidden)
 * @param cmiJson the whole CMI object as JSON text
 */
public record RuntimeCommit(
    String itemId, String attemptKey, long seq, boolean finalCommit, String cmiJson) {}
