package org.courseport.server.domain.media;

import java.util.UUID;

/**
 * Whether content (a lesson's draft or a published version) references a media item; a referenced
 * item cannot be deleted, since published versions are immutable and must stay exportable.
 */
@FunctionalInterface
public interface MediaReferences {

  boolean isReferenced(String tenantId, UUID mediaId);
}
