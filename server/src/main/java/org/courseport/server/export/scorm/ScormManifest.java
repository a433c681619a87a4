package org.courseport.server.export.scorm;

import java.util.List;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportFormat;

/**
 * Writes the {@code imsmanifest.xml} of an authored course for SCORM 1.2, 2004 3rd or 2004 4th
 * Edition. Identifiers are fixed by position ({@code ORG-1}, {@code MODULE-2}, {@code ITEM-3},
 * {@code RES-3}), so the same course gives the same bytes.
 */
final class ScormManifest {
  static final String ORGANIZATION = "ORG-1";
  static final String SHARED = "RES-SHARED";

  private ScormManifest() {}

  /**
   * A SCO.
   *
   * @param number 1-based position (course-wide lesson number, 1 for a single SCO)
   * @param files the SCO's files, launch page first
   * @param masteryScore percent, or -1 when the SCO has no quiz
   */
  record Sco(int number, String title, String href, List<String> files, int masteryScore) {
    String item() {
      return "ITEM-" + number;
    }

    String resource() {
      return "RES-" + number;
    }
  }

  /** A module of a multi-SCO package, or the single group of a single SCO ({@code title} null). */
  record Group(String title, List<Sco> scos) {}

  /**
   * The manifest of a single-SCO package ({@code groups} one untitled group of one SCO) or a
   * multi-SCO one.
   */
  static String write(
      ExportFormat format,
      CourseSnapshot course,
      List<Group> groups,
      List<String> sharedFiles,
      boolean multiSco) {
    XmlWriter xml = new XmlWriter();
    String manifestId = Names.xsId("MANIFEST-", course.courseId());
    boolean v12 = format == ExportFormat.SCORM12;
    if (v12) {
      xml.start(
          "manifest",
          "identifier",
          manifestId,
          "version",
          "1",
          "xmlns",
          "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
          "xmlns:adlcp",
          "http://www.adlnet.org/xsd/adlcp_rootv1p2",
          "xmlns:imsmd",
          "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
          "xmlns:xsi",
          "http://www.w3.org/2001/XMLSchema-instance",
          "xsi:schemaLocation",
          "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd"
              + " http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd"
              + " http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd");
      xml.start("metadata").element("schema", "ADL SCORM").element("schemaversion", "1.2");
      lom12(xml, course);
      xml.end();
    } else {
      xml.start(
          "manifest",
          "identifier",
          manifestId,
          "version",
          "1",
          "xmlns",
          "http://www.imsglobal.org/xsd/imscp_v1p1",
          "xmlns:adlcp",
          "http://www.adlnet.org/xsd/adlcp_v1p3",
          "xmlns:adlseq",
          "http://www.adlnet.org/xsd/adlseq_v1p3",
          "xmlns:adlnav",
          "http://www.adlnet.org/xsd/adlnav_v1p3",
          "xmlns:imsss",
          "http://www.imsglobal.org/xsd/imsss",
          "xmlns:lom",
          "http://ltsc.ieee.org/xsd/LOM",
          "xmlns:xsi",
          "http://www.w3.org/2001/XMLSchema-instance",
          "xsi:schemaLocation",
          "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd"
              + " http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd"
              + " http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd"
              + " http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd"
              + " http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd"
              + " http://ltsc.ieee.org/xsd/LOM lom.xsd");
      xml.start("metadata")
          .element("schema", "ADL SCORM")
          .element(
              "schemaversion",
              format == ExportFormat.SCORM2004_4TH ? "2004 4th Edition" : "2004 3rd Edition");
      lom2004(xml, course);
      xml.end();
    }
    xml.start("organizations", "default", ORGANIZATION);
    xml.start("organization", "identifier", ORGANIZATION);
    xml.element("title", course.title());
    int module = 0;
    String previous = null;
    for (Group group : groups) {
      module++;
      if (multiSco) {
        xml.start("item", "identifier", "MODULE-" + module);
        xml.element("title", group.title().isBlank() ? "Module " + module : group.title());
      }
      for (Sco sco : group.scos()) {
        item(xml, v12, sco, multiSco ? previous : null);
        previous = sco.item();
      }
      if (multiSco) {
        if (!v12) {
          forwardOnly(xml);
        }
        xml.end();
      }
    }
    if (multiSco && !v12) {
      forwardOnly(xml);
    }
    xml.end().end();
    xml.start("resources");
    for (Group group : groups) {
      for (Sco sco : group.scos()) {
        xml.start(
            "resource",
            "identifier",
            sco.resource(),
            "type",
            "webcontent",
            v12 ? "adlcp:scormtype" : "adlcp:scormType",
            "sco",
            "href",
            sco.href());
        for (String file : sco.files()) {
          xml.empty("file", "href", file);
        }
        if (!sharedFiles.isEmpty()) {
          xml.empty("dependency", "identifierref", SHARED);
        }
        xml.end();
      }
    }
    if (!sharedFiles.isEmpty()) {
      xml.start(
          "resource",
          "identifier",
          SHARED,
          "type",
          "webcontent",
          v12 ? "adlcp:scormtype" : "adlcp:scormType",
          "asset");
      for (String file : sharedFiles) {
        xml.empty("file", "href", file);
      }
      xml.end();
    }
    xml.end().end();
    return xml.toString();
  }

  /**
   * A SCO's item. SCORM 1.2: {@code adlcp:prerequisites} on the previous SCO (multi-SCO) and {@code
   * adlcp:masteryscore}; 2004: a primary objective satisfied by measure against the scaled mastery
   * score.
   */
  private static void item(XmlWriter xml, boolean v12, Sco sco, String previous) {
    xml.start("item", "identifier", sco.item(), "identifierref", sco.resource());
    xml.element("title", sco.title());
    if (v12) {
      if (previous != null) {
        xml.element("adlcp:prerequisites", previous, "type", "aicc_script");
      }
      if (sco.masteryScore() >= 0) {
        xml.element("adlcp:masteryscore", Integer.toString(sco.masteryScore()));
      }
    } else if (sco.masteryScore() >= 0) {
      xml.start("imsss:sequencing").start("imsss:objectives");
      xml.start(
          "imsss:primaryObjective",
          "objectiveID",
          "PRIMARYOBJ-" + sco.number(),
          "satisfiedByMeasure",
          "true");
      xml.element("imsss:minNormalizedMeasure", Names.scaled(sco.masteryScore()));
      xml.end().end().end();
    }
    xml.end();
  }

  private static void forwardOnly(XmlWriter xml) {
    xml.start("imsss:sequencing")
        .empty("imsss:controlMode", "choice", "false", "flow", "true", "forwardOnly", "true")
        .end();
  }

  /** IMS Metadata 1.2.1 (the LOM binding SCORM 1.2 uses): title, language, description. */
  private static void lom12(XmlWriter xml, CourseSnapshot course) {
    xml.start("imsmd:lom").start("imsmd:general");
    xml.start("imsmd:title")
        .element("imsmd:langstring", course.title(), "xml:lang", course.languageId())
        .end();
    xml.element("imsmd:language", course.languageId());
    if (!course.description().isBlank()) {
      xml.start("imsmd:description")
          .element("imsmd:langstring", course.description(), "xml:lang", course.languageId())
          .end();
    }
    xml.end().end();
  }

  /** IEEE LOM (the SCORM 2004 binding): title, language, description. */
  private static void lom2004(XmlWriter xml, CourseSnapshot course) {
    xml.start("lom:lom").start("lom:general");
    xml.start("lom:title")
        .element("lom:string", course.title(), "language", course.languageId())
        .end();
    xml.element("lom:language", course.languageId());
    if (!course.description().isBlank()) {
      xml.start("lom:description")
          .element("lom:string", course.description(), "language", course.languageId())
          .end();
    }
    xml.end().end();
  }
}
