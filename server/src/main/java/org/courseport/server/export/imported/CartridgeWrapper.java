package org.courseport.server.export.imported;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.packaging.support.Hrefs;

/**
 * An imported package as an IMS Common Cartridge: its files as one web content resource whose
 * launch page is the item of a one-item organization. Made for packages whose pages work without an
 * LMS API (plain IMS content packages, SCORM packages of assets only, media files); a package with
 * SCOs is refused, because SCOs need the SCORM API that a cartridge gives web content no access to.
 */
final class CartridgeWrapper {
  private CartridgeWrapper() {}

  /** Why a package of this kind can never be a cartridge of this version; null when it may be. */
  static String refusal(SourceKind kind, ExportFormat format) {
    return switch (kind) {
      case IMSCC_10, IMSCC_11, IMSCC_12, IMSCC_13 ->
          "converting one Common Cartridge version into another is not supported (resource types"
              + " and their schemas differ); it is exported as it is only in its own version, or"
              + " as a zip";
      case QTI -> "a QTI package is exported as QTI (or as a zip)";
      default -> null;
    };
  }

  static ExportPlan plan(ImportedPackageWriter.Source source, ExportFormat format)
      throws IOException {
    SourceKind kind = source.kind();
    if (kind.scorm() && source.described().scoCount() > 0) {
      throw ImportedPackageWriter.refused(
          kind,
          format,
          "its "
              + source.described().scoCount()
              + " SCO(s) call the SCORM API of an LMS, which a Common Cartridge gives web content"
              + " no access to, so progress and scores would be lost; export it as SCORM instead");
    }
    boolean hasManifest =
        kind == SourceKind.IMSCP || kind.scorm() || source.manifestPath().endsWith(".xml");
    String oldManifest = hasManifest ? source.manifestPath() : "";
    String launch =
        hasManifest && kind != SourceKind.MEDIA
            ? ManifestPaths.launch(source.repairedManifest())
            : "";
    if (launch.isEmpty()) {
      launch = source.described().launchUrl();
    }
    if (launch.isEmpty() || Hrefs.hasScheme(launch)) {
      throw ImportedPackageWriter.refused(
          kind, format, "it has no launch page inside the package to make the cartridge's item");
    }
    List<StoredPackage.File> files = new ArrayList<>();
    for (StoredPackage.File file : source.pkg().files()) {
      if (!file.path().equals(oldManifest)) {
        files.add(file);
      }
    }
    if (files.stream().anyMatch(f -> f.path().equals("imsmanifest.xml"))) {
      throw ImportedPackageWriter.refused(
          kind, format, "it holds a second imsmanifest.xml that the cartridge's would replace");
    }
    boolean v13 = format == ExportFormat.COMMON_CARTRIDGE_13;
    String manifest = manifest(source, launch, files, v13);
    List<ExportEntry> entries = new ArrayList<>();
    entries.add(ExportEntry.text("imsmanifest.xml", manifest));
    for (StoredPackage.File file : files) {
      entries.add(source.pkg().entry(file.path(), file));
    }
    return new ExportPlan(
        format,
        ImportedPackageWriter.fileName(source.course(), format),
        source.writer(),
        entries,
        new ExportPlan.Expectation(
            LearningStandard.UNKNOWN,
            v13 ? "imscc-1.3" : "imscc-1.1",
            launch,
            // The import counts SCOs, AUs and xAPI activities, and a cartridge has none: the one
            // item is checked through the launch URL instead.
            -1,
            "imsmanifest.xml"));
  }

  private static String manifest(
      ImportedPackageWriter.Source source,
      String launch,
      List<StoredPackage.File> files,
      boolean v13) {
    String v = v13 ? "imsccv1p3" : "imsccv1p1";
    String profile = v13 ? "ccv1p3" : "ccv1p1";
    String id = "courseport-" + source.version().blobId().substring(0, 16);
    String title = escape(source.course().title());
    String language = escape(source.course().languageId());
    StringBuilder xml = new StringBuilder();
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<manifest identifier=\"")
        .append(id)
        .append("\" xmlns=\"http://www.imsglobal.org/xsd/")
        .append(v)
        .append("/imscp_v1p1\" xmlns:lomimscc=\"http://ltsc.ieee.org/xsd/")
        .append(v)
        .append("/LOM/manifest\"")
        .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
        .append(" xsi:schemaLocation=\"http://www.imsglobal.org/xsd/")
        .append(v)
        .append("/imscp_v1p1 http://www.imsglobal.org/profile/cc/")
        .append(profile)
        .append('/')
        .append(profile)
        .append("_imscp_v1p2_v1p0.xsd http://ltsc.ieee.org/xsd/")
        .append(v)
        .append("/LOM/manifest http://www.imsglobal.org/profile/cc/")
        .append(profile)
        .append("/LOM/")
        .append(profile)
        .append("_lommanifest_v1p0.xsd\">\n")
        .append("  <metadata>\n    <schema>IMS Common Cartridge</schema>\n    <schemaversion>")
        .append(v13 ? "1.3.0" : "1.1.0")
        .append("</schemaversion>\n")
        .append("    <lomimscc:lom>\n      <lomimscc:general>\n        <lomimscc:title>\n")
        .append("          <lomimscc:string language=\"")
        .append(language)
        .append("\">")
        .append(title)
        .append("</lomimscc:string>\n        </lomimscc:title>\n")
        .append("      </lomimscc:general>\n    </lomimscc:lom>\n  </metadata>\n")
        .append("  <organizations>\n")
        .append("    <organization identifier=\"ORG-1\" structure=\"rooted-hierarchy\">\n")
        .append("      <item identifier=\"ROOT\">\n")
        .append("        <item identifier=\"ITEM-1\" identifierref=\"RES-1\">\n")
        .append("          <title>")
        .append(title)
        .append("</title>\n        </item>\n      </item>\n    </organization>\n")
        .append("  </organizations>\n  <resources>\n")
        .append("    <resource identifier=\"RES-1\" type=\"webcontent\" href=\"")
        .append(escape(launch))
        .append("\">\n");
    for (StoredPackage.File file : files) {
      xml.append("      <file href=\"").append(escape(uri(file.path()))).append("\"/>\n");
    }
    xml.append("    </resource>\n  </resources>\n</manifest>\n");
    return xml.toString();
  }

  /** A path as a relative URI: characters a URI may not hold raw are percent-encoded (UTF-8). */
  static String uri(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
