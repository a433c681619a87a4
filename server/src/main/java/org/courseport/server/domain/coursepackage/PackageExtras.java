package org.courseport.server.domain.coursepackage;

import java.time.Instant;

/**
 * What the Allure API keeps for a package beyond its course: the PATCHed fields.
 *
 * @param description PATCHed description, or null (the manifest's applies)
 * @param duration PATCHed duration, or null
 * @param customMetadataJson PATCHed JSON object, or null
 * @param updated when last PATCHed, or null
 */
public record PackageExtras(
    String description, String duration, String customMetadataJson, Instant updated) {

  /** Nothing PATCHed. */
  public static final PackageExtras NONE = new PackageExtras(null, null, null, null);
}
