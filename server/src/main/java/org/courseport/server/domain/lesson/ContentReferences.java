package org.courseport.server.domain.lesson;

import java.util.Set;
import java.util.UUID;

/** Which referenced media items and widgets exist for a tenant (port over their collections). */
public interface ContentReferences {

  /** The ids among {@code ids} that are not media items of the tenant. */
  Set<UUID> missingMedia(String tenantId, Set<UUID> ids);

  /** The ids among {@code ids} that are not widgets of the tenant. */
  Set<UUID> missingWidgets(String tenantId, Set<UUID> ids);
}
