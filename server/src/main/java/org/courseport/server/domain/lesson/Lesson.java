package org.courseport.server.domain.lesson;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A lesson of a tenant: its title, slug (unique per tenant) and draft content.
 *
 * @param content the draft content document as JSON, exactly as stored
 * @param draftRevision incremented by every change of title, slug or content; a publish snapshots
 *     the draft only when the revision it validated is still current
 * @param versionCount how many version numbers were handed out (the next is this plus one)
 * @param latestVersionNumber number of the newest published version, 0 when none
 * @param latestVersionId id of the newest published version, null when none
 */
public record Lesson(
    UUID id,
    String tenantId,
    String title,
    String slug,
    String content,
    long draftRevision,
    int versionCount,
    int latestVersionNumber,
    UUID latestVersionId,
    Instant created,
    Instant updated) {

  /** The newest published version's id, if any. */
  public Optional<UUID> latestVersion() {
    return Optional.ofNullable(latestVersionId);
  }
}
