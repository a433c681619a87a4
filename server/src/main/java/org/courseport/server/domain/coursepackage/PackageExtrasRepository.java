package org.courseport.server.domain.coursepackage;

import java.time.Instant;

/** Stores {@link PackageExtras} per tenant and package. */
public interface PackageExtrasRepository {

  PackageExtras find(String tenantId, String packageId);

  /** Sets the non-null fields (a single-document upsert). */
  void update(
      String tenantId,
      String packageId,
      String description,
      String duration,
      String customMetadataJson,
      Instant now);

  void delete(String tenantId, String packageId);
}
