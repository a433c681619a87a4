package org.courseport.server.packaging.testing;

/** Small manifest texts for tests; each test changes only what it is about. */
public final class Manifests {
  private Manifests() {}

  /** A SCORM 1.2 manifest around {@code organizations} and {@code resources} markup. */
  public static String scorm12(String organizations, String resources) {
    return """
           <?xml version="1.0" encoding="UTF-8"?>
           <manifest identifier="m1" version="1"
               xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
               xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
             <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
             %s
             <resources>%s</resources>
           </manifest>
           """
        .formatted(organizations, resources);
  }

  /** A SCORM 2004 manifest declaring {@code schemaVersion} (omitted when empty). */
  public static String scorm2004(String schemaVersion, String organizations, String resources) {
    String metadata =
        schemaVersion.isEmpty()
            ? ""
            : "<metadata><schema>ADL SCORM</schema><schemaversion>"
                + schemaVersion
                + "</schemaversion></metadata>";
    return """
           <?xml version="1.0" encoding="UTF-8"?>
           <manifest identifier="m1" version="1"
               xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
               xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
               xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
               xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
             %s
             %s
             <resources>%s</resources>
           </manifest>
           """
        .formatted(metadata, organizations, resources);
  }

  /** One organization {@code org} (the default) with the given items. */
  public static String organization(String title, String items) {
    return """
           <organizations default="org"><organization identifier="org"><title>%s</title>%s
           </organization></organizations>"""
        .formatted(title, items);
  }

  /** A single-SCO SCORM 1.2 package manifest launching {@code index.html}. */
  public static String singleSco12() {
    return scorm12(
        organization(
            "Course",
            """
            <item identifier="i1" identifierref="r1"><title>Lesson</title></item>"""),
        """
        <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html">
          <file href="index.html"/></resource>""");
  }
}
