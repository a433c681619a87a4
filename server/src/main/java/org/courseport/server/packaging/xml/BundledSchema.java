package org.courseport.server.packaging.xml;

import java.util.List;
import java.util.Optional;
import org.courseport.server.packaging.support.PackageFormat;

/** The official schema sets bundled under {@code /schemas/}, each with its entry documents. */
public enum BundledSchema {
  SCORM_12("_wrappers/scorm12.xsd"),
  SCORM_2004_2ND("_wrappers/scorm2004-2nd.xsd"),
  SCORM_2004_3RD("_wrappers/scorm2004-3rd.xsd"),
  SCORM_2004_4TH("_wrappers/scorm2004-4th.xsd"),
  CMI5("cmi5/CourseStructure.xsd"),
  /** CC 1.0 in its own namespace, and the plain IMS CP 1.2 namespace CC 1.0 samples also use. */
  IMSCC_10("cc-1.0/cclibxml2validator.xsd", "cc-1.0/imscp_v1p2.xsd"),
  IMSCC_11("cc-1.1/cc11libxml2validator.xsd"),
  /** IMS CP 1.1 with IMS MD 1.2 and QTI 2.1 metadata: plain content packages and QTI packages. */
  IMS_CP("_wrappers/qti21-package-manifest.xsd"),
  QTI_21("qti-2.x/qtiv2p1/imsqti_v2p1.xsd"),
  QTI_22("qti-2.x/qtiv2p2/imsqti_v2p2.xsd");

  private final List<String> entries;

  BundledSchema(String... entries) {
    this.entries = List.of(entries);
  }

  /** Entry documents, relative to the bundled schema root. */
  public List<String> entries() {
    return entries;
  }

  /** The schema set a manifest of {@code format} is validated against, if one is bundled. */
  public static Optional<BundledSchema> forManifestOf(PackageFormat format) {
    return Optional.ofNullable(
        switch (format) {
          case SCORM_12 -> SCORM_12;
          case SCORM_2004_2ND -> SCORM_2004_2ND;
          case SCORM_2004_3RD -> SCORM_2004_3RD;
          case SCORM_2004_4TH -> SCORM_2004_4TH;
          case CMI5 -> CMI5;
          case IMSCC_10 -> IMSCC_10;
          case IMSCC_11 -> IMSCC_11;
          case IMSCP, QTI_21, QTI_22 -> IMS_CP;
          default -> null;
        });
  }

  /** How reports name this schema set: its entry documents. */
  public String label() {
    return String.join(" + ", entries);
  }
}
