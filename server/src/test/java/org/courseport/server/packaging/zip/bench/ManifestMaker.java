package org.courseport.server.packaging.zip.bench;

import java.util.List;

/** Writes a SCORM 1.2 manifest with one SCO whose resource lists every file of the package. */
final class ManifestMaker {
  private ManifestMaker() {}

  static String manifest(List<String> files) {
    String launch = files.stream().filter(f -> f.endsWith(".html")).findFirst().orElse("");
    StringBuilder sb = new StringBuilder(files.size() * 48 + 1024);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<manifest identifier=\"bench\" version=\"1.0\"\n")
        .append("    xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n")
        .append("    xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\">\n")
        .append("  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion>")
        .append("</metadata>\n  <organizations default=\"org\">\n")
        .append("    <organization identifier=\"org\"><title>Benchmark course</title>\n")
        .append(
            "      <item identifier=\"item1\" identifierref=\"res1\"><title>All</title></item>\n")
        .append("    </organization>\n  </organizations>\n  <resources>\n")
        .append("    <resource identifier=\"res1\" type=\"webcontent\" adlcp:scormtype=\"sco\" ")
        .append("href=\"")
        .append(launch)
        .append("\">\n");
    for (String file : files) {
      sb.append("      <file href=\"").append(file).append("\"/>\n");
    }
    return sb.append("    </resource>\n  </resources>\n</manifest>\n").toString();
  }
}
