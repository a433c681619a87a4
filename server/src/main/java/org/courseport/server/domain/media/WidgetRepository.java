package org.courseport.server.domain.media;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Stored widgets (MongoDB collection {@code widgets}). */
public interface WidgetRepository {

  void insert(WidgetBundle widget);

  Optional<WidgetBundle> find(String tenantId, UUID id);

  /** The tenant's widgets, oldest first. */
  List<WidgetBundle> list(String tenantId, int offset, int limit);

  /** Whether any widget of any tenant stores these bytes (script or CSS). */
  boolean anyWithSha256(String sha256);

  /** Deletes the tenant's widget; returns whether it existed. */
  boolean delete(String tenantId, UUID id);
}
