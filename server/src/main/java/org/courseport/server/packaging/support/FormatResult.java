package org.courseport.server.packaging.support;

import java.util.List;
import org.courseport.server.domain.packaging.PackageDescription;

/**
 * What one format inspector made of a package; its findings went to the shared {@link Findings}.
 *
 * @param format the format recognised, null when none
 * @param description the description, null when the manifest could not be read
 * @param schemas labels of the schemas the manifest was validated against
 */
public record FormatResult(
    PackageFormat format, PackageDescription description, List<String> schemas) {
  public FormatResult {
    schemas = List.copyOf(schemas);
  }

  /** Nothing could be recognised. */
  public static FormatResult unrecognised() {
    return new FormatResult(null, null, List.of());
  }
}
