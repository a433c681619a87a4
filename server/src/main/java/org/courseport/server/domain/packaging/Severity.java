package org.courseport.server.domain.packaging;

/** How bad a validation finding is. */
public enum Severity {
  /** The package cannot be imported as it is. */
  ERROR,
  /** The package imports; the defect was repaired or tolerated. */
  WARNING
}
