package org.courseport.server.domain.media;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Stored media items (MongoDB collection {@code media}). */
public interface MediaRepository {

  void insert(MediaItem item);

  Optional<MediaItem> find(String tenantId, UUID id);

  /** The tenant's items, oldest first. */
  List<MediaItem> list(String tenantId, int offset, int limit);

  /** Deletes the tenant's item; returns whether it existed. */
  boolean delete(String tenantId, UUID id);

  /** Whether any media item of any tenant stores these bytes. */
  boolean anyWithSha256(String sha256);
}
