package org.courseport.server.domain.contentexport;

import java.time.Instant;

/** Stores users. */
public interface UserRepository {
  /** The tenant's user, created with the tenant's next user id on first use. */
  User ownerOf(String tenantId, Instant now);
}
