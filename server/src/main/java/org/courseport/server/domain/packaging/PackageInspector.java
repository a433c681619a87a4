package org.courseport.server.domain.packaging;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;

/** Inspects a package: zip safety, manifest, validation. */
public interface PackageInspector {
  /**
   * Inspects the package readable through {@code content}. Refusals of the zip itself may be thrown
   * as DomainException (INVALID_ARGUMENT) or returned as ERROR findings; both fail an import.
   *
   * @param content random access to the package bytes (the caller closes it)
   * @param fileName the name it was uploaded under (a bare {@code .xml} is a manifest alone)
   */
  InspectionResult inspect(SeekableByteChannel content, String fileName) throws IOException;
}
