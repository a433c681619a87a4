package org.courseport.server.packaging.support;

/**
 * Limits applied while inspecting a package, on top of the archive's own limits.
 *
 * @param maxXmlBytes largest manifest or other XML/text file the inspector reads, in bytes
 * @param maxElementDepth deepest element nesting accepted in any XML file
 * @param maxXsdFindings XSD findings reported per file before they are summarised
 */
public record InspectionLimits(long maxXmlBytes, int maxElementDepth, int maxXsdFindings) {
  /** 32 MiB of XML (as ZipLimits' default maxXmlBytes), 256 levels, 25 XSD findings per file. */
  public static final InspectionLimits DEFAULT = new InspectionLimits(32L << 20, 256, 25);

  public InspectionLimits {
    if (maxXmlBytes <= 0 || maxElementDepth <= 0 || maxXsdFindings <= 0) {
      throw new IllegalArgumentException("inspection limits must be positive");
    }
  }
}
