package org.courseport.server.export.imported;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.InspectionLimits;
import org.courseport.server.packaging.xml.BundledSchema;
import org.courseport.server.packaging.xml.SchemaRegistry;
import org.courseport.server.packaging.xml.XmlDocument;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.courseport.server.packaging.xml.XsdValidator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * SCORM packages in another SCORM version: between 2004 editions by rewriting the declared edition
 * (refused when a 4th-Edition-only feature would go to 3rd), and 1.2 ↔ 2004 by rewriting the
 * manifest ({@link Scorm12To2004}, {@link Scorm2004To12}) and launching each SCO through a bridge
 * page (a bridge page). The converted manifest must validate against the target's official schema
 * when the original validated against its own; the target's schema files replace the source's at
 * the package root.
 */
final class ScormConversion {
  static final String ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
  static final String ADLCP_13 = "http://www.adlnet.org/xsd/adlcp_v1p3";
  static final String ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3";
  static final String ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3";
  static final String IMSSS = "http://www.imsglobal.org/xsd/imsss";
  static final String IMSCP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
  static final String IMSCP_13 = "http://www.imsglobal.org/xsd/imscp_v1p1";
  static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

  private static final InspectionLimits LIMITS = InspectionLimits.DEFAULT;

  private ScormConversion() {}

  /** A converted manifest and the files the conversion adds. */
  record Converted(Document manifest, List<ExportEntry> added) {}

  static ExportPlan plan(ImportedPackageWriter.Source source, ExportFormat target)
      throws IOException {
    SourceKind kind = source.kind();
    Document manifest = source.repairedManifest();
    Converted converted;
    if (kind.scorm2004() && target.scorm2004()) {
      converted = new Converted(edition(manifest, kind, target), List.of());
    } else if (kind == SourceKind.SCORM12 && target.scorm2004()) {
      converted = Scorm12To2004.convert(manifest, target, source);
    } else if (kind.scorm2004() && target == ExportFormat.SCORM12) {
      converted = Scorm2004To12.convert(manifest, source);
    } else {
      throw new IllegalStateException(kind + " to " + target);
    }
    byte[] bytes = ManifestXml.write(converted.manifest());
    boolean valid = validate(bytes, source, target);
    return new ExportPlan(
        target,
        ImportedPackageWriter.fileName(source.course(), target),
        source.writer(),
        entries(source, target, bytes, converted),
        new ExportPlan.Expectation(
            ImportedPackageWriter.standardOf(target),
            switch (target) {
              case SCORM12 -> "scorm-1.2";
              case SCORM2004_3RD -> "scorm-2004-3rd";
              default -> "scorm-2004-4th";
            },
            ManifestPaths.launch(converted.manifest()),
            source.described().scoCount(),
            valid ? "imsmanifest.xml" : null));
  }

  /**
   * The manifest, the conversion's files, the target's schema files, then the package's other
   * files; the source's schema files at the root give way unless the manifest lists them.
   */
  private static List<ExportEntry> entries(
      ImportedPackageWriter.Source source, ExportFormat target, byte[] manifest, Converted c) {
    Map<String, ExportEntry> entries = new LinkedHashMap<>();
    entries.put("imsmanifest.xml", ExportEntry.bytes("imsmanifest.xml", manifest, true));
    for (ExportEntry e : c.added()) {
      entries.put(e.path(), e);
    }
    for (String schema : SchemaBundle.files(target)) {
      entries.putIfAbsent(
          schema, ExportEntry.bytes(schema, SchemaBundle.bytes(target, schema), true));
    }
    Set<String> listed = listedFiles(c.manifest());
    Set<String> replaceable = SchemaBundle.anyScormSchemaFile();
    for (StoredPackage.File file : source.pkg().files()) {
      String path = file.path();
      if (path.equals(source.manifestPath())
          || entries.containsKey(path)
          || (replaceable.contains(path) && !listed.contains(path))) {
        continue;
      }
      entries.put(path, source.pkg().entry(path, file));
    }
    return new ArrayList<>(entries.values());
  }

  private static Set<String> listedFiles(Document manifest) {
    Set<String> listed = new java.util.HashSet<>();
    for (ManifestPaths.Resource r : ManifestPaths.resources(manifest)) {
      for (Element file : ManifestXml.children(r.element(), "file")) {
        org.courseport.server.packaging.support.Hrefs.normalise(
                org.courseport.server.packaging.support.Hrefs.withBase(
                    r.base(), file.getAttribute("href")))
            .ifPresent(listed::add);
      }
    }
    return listed;
  }

  /**
   * Validates the converted manifest against the target's official schema. A violation is a refusal
   * when the original manifest was valid against its own (the conversion would make it worse);
   * otherwise the result is not claimed valid either (false).
   */
  private static boolean validate(
      byte[] manifest, ImportedPackageWriter.Source source, ExportFormat target) {
    Findings findings = new Findings();
    Optional<XmlDocument> doc =
        new XmlDocumentLoader(LIMITS).parse(manifest, "imsmanifest.xml", findings);
    if (doc.isEmpty()) {
      throw new IllegalStateException("converted manifest unreadable: " + findings.list());
    }
    BundledSchema schema =
        switch (target) {
          case SCORM12 -> BundledSchema.SCORM_12;
          case SCORM2004_3RD -> BundledSchema.SCORM_2004_3RD;
          default -> BundledSchema.SCORM_2004_4TH;
        };
    int violations =
        new XsdValidator(SchemaRegistry.shared(), 1, LIMITS.maxElementDepth())
            .validate(doc.get(), schema, findings);
    if (violations == 0) {
      return true;
    }
    if (source.manifestWasSchemaValid()) {
      String first =
          findings.list().stream()
              .filter(f -> f.rule().equals("xsd"))
              .map(f -> f.message())
              .findFirst()
              .orElse("");
      throw ImportedPackageWriter.refused(
          source.kind(),
          target,
          "its manifest, rewritten, is not valid against the official "
              + SourceKind.label(target)
              + " schema ("
              + first
              + ")");
    }
    return false;
  }

  /**
   * A 2004 manifest declared as another 2004 edition. 3rd → 4th and 2nd → 3rd/4th only change the
   * declaration (later editions accept the earlier manifests); 4th → 3rd is refused when the
   * manifest uses what only the 4th Edition has.
   */
  static Document edition(Document manifest, SourceKind kind, ExportFormat target) {
    if (target == ExportFormat.SCORM2004_3RD) {
      fourthEditionOnly(manifest)
          .ifPresent(
              what -> {
                throw ImportedPackageWriter.refused(
                    kind,
                    target,
                    "it uses "
                        + what
                        + ", which exists only in SCORM 2004 4th Edition, and a 3rd Edition LMS"
                        + " would ignore it");
              });
    }
    if (target == ExportFormat.SCORM2004_3RD) {
      // Without shared data (refused above) the 4th Edition's switch for it means nothing.
      NodeList all = manifest.getElementsByTagNameNS("*", "*");
      for (int i = 0; i < all.getLength(); i++) {
        ((Element) all.item(i)).removeAttributeNS(ADLSEQ, "sharedDataGlobalToSystem");
      }
    }
    setSchemaVersion(
        manifest, target == ExportFormat.SCORM2004_3RD ? "2004 3rd Edition" : "2004 4th Edition");
    return manifest;
  }

  /** The first 4th-Edition-only feature of a manifest, described; empty when there is none. */
  static Optional<String> fourthEditionOnly(Document manifest) {
    NodeList all = manifest.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      String ns = e.getNamespaceURI() == null ? "" : e.getNamespaceURI();
      String name = ManifestXml.local(e);
      if (ns.equals(ADLCP_13) && (name.equals("data") || name.equals("map"))) {
        return Optional.of("shared data (adlcp:" + name + ")");
      }
      if (ns.equals(ADLSEQ) && name.equals("objectives")) {
        return Optional.of("extended objective maps (adlseq:objectives)");
      }
      if (ns.equals(ADLCP_13)
          && name.equals("completionThreshold")
          && (e.hasAttribute("completedByMeasure")
              || e.hasAttribute("minProgressMeasure")
              || e.hasAttribute("progressWeight"))) {
        return Optional.of("a measured completion threshold (adlcp:completionThreshold)");
      }
    }
    return Optional.empty();
  }

  /** Sets metadata/schema and metadata/schemaversion of the manifest, adding them if absent. */
  static void setSchemaVersion(Document manifest, String version) {
    Element root = manifest.getDocumentElement();
    String ns = root.getNamespaceURI();
    Element metadata =
        ManifestXml.child(root, "metadata")
            .orElseGet(
                () -> {
                  Element m = manifest.createElementNS(ns, qualified(root, "metadata"));
                  root.insertBefore(m, root.getFirstChild());
                  return m;
                });
    Element schemaVersion =
        ManifestXml.child(metadata, "schemaversion")
            .orElseGet(
                () -> {
                  Element v = manifest.createElementNS(ns, qualified(root, "schemaversion"));
                  Optional<Element> schema = ManifestXml.child(metadata, "schema");
                  Node after = schema.isPresent() ? schema.get().getNextSibling() : null;
                  if (schema.isEmpty()) {
                    Element s = manifest.createElementNS(ns, qualified(root, "schema"));
                    s.setTextContent("ADL SCORM");
                    metadata.insertBefore(s, metadata.getFirstChild());
                    after = s.getNextSibling();
                  }
                  metadata.insertBefore(v, after);
                  return v;
                });
    schemaVersion.setTextContent(version);
  }

  /** A name in the same prefix as {@code like}'s. */
  static String qualified(Element like, String localName) {
    String prefix = like.getPrefix();
    return prefix == null || prefix.isEmpty() ? localName : prefix + ":" + localName;
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
