package org.courseport.server.domain.packaging;

import java.util.List;

/**
 * What an import found in a package.
 *
 * @param standard the learning standard (UNKNOWN for IMS CP, Common Cartridge, QTI)
 * @param packageFormat the format in detail: {@code scorm-1.2}, {@code scorm-2004-2nd}, {@code
 *     scorm-2004-3rd}, {@code scorm-2004-4th}, {@code cmi5}, {@code xapi}, {@code aicc}, {@code
 *     imscc-1.0} .. {@code imscc-1.3}, {@code imscp}, {@code qti-2.1}, {@code qti-2.2}
 * @param title course title
 * @param description course description, empty when none
 * @param launchUrl launch path of the first launchable activity, relative to the package root (with
 *     its parameters); or an absolute URL for cmi5 AUs hosted elsewhere
 * @param scoCount number of SCOs (SCORM), AUs (cmi5, AICC), activities (xAPI)
 * @param resourceCount number of resources in the manifest
 * @param rootActivity the activity tree
 * @param metadata descriptive metadata
 * @param languages content languages (e.g. {@code en-US}), empty when unknown
 * @param manifestFile the manifest path in the package (e.g. {@code imsmanifest.xml})
 * @param identity the manifest's own identifier and schema strings (IMS manifests; else empty)
 */
public record PackageDescription(
    LearningStandard standard,
    String packageFormat,
    String title,
    String description,
    String launchUrl,
    int scoCount,
    int resourceCount,
    Activity rootActivity,
    CourseMetadata metadata,
    List<String> languages,
    String manifestFile,
    ManifestIdentity identity) {
  public PackageDescription {
    languages = List.copyOf(languages);
    identity = identity == null ? ManifestIdentity.NONE : identity;
  }

  /** A description of a package whose manifest has no identifier or schema strings. */
  public PackageDescription(
      LearningStandard standard,
      String packageFormat,
      String title,
      String description,
      String launchUrl,
      int scoCount,
      int resourceCount,
      Activity rootActivity,
      CourseMetadata metadata,
      List<String> languages,
      String manifestFile) {
    this(
        standard,
        packageFormat,
        title,
        description,
        launchUrl,
        scoCount,
        resourceCount,
        rootActivity,
        metadata,
        languages,
        manifestFile,
        ManifestIdentity.NONE);
  }

  /**
   * The manifest's identifier and its {@code metadata/schema} and {@code schemaversion} texts, as
   * written (empty when absent).
   */
  public record ManifestIdentity(String identifier, String schema, String schemaVersion) {
    public static final ManifestIdentity NONE = new ManifestIdentity("", "", "");

    public ManifestIdentity {
      identifier = identifier == null ? "" : identifier;
      schema = schema == null ? "" : schema;
      schemaVersion = schemaVersion == null ? "" : schemaVersion;
    }
  }
}
