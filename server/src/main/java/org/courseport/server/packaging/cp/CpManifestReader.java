package org.courseport.server.packaging.cp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.courseport.server.packaging.cp.CpManifest.Dependency;
import org.courseport.server.packaging.cp.CpManifest.FileRef;
import org.courseport.server.packaging.cp.CpManifest.Item;
import org.courseport.server.packaging.cp.CpManifest.Organization;
import org.courseport.server.packaging.cp.CpManifest.Resource;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.Hrefs;
import org.courseport.server.packaging.xml.XmlElement;

/**
 * Reads the {@link CpManifest} out of a parsed imsmanifest.xml, by local names. Public for the
 * player's launch plans, which read stored manifests the same way the import did.
 */
public final class CpManifestReader {
  static final String XML_NS = "http://www.w3.org/XML/1998/namespace";

  private CpManifestReader() {}

  /** The manifest, or empty (with an ERROR) when the root element is not a manifest. */
  public static Optional<CpManifest> read(XmlElement root, String file, Findings findings) {
    if (!root.localName().equals("manifest")) {
      findings.error(
          "manifest.root",
          file,
          root.line(),
          root.qName(),
          String.format(
              "%s has the root element <%s>; an IMS manifest starts with <manifest>",
              file, root.qName()));
      return Optional.empty();
    }
    Optional<XmlElement> metadata = root.child("metadata");
    Optional<XmlElement> orgs = root.child("organizations");
    List<Resource> resources = resources(root);
    return Optional.of(
        new CpManifest(
            root.attr("identifier").trim(),
            metadata.map(m -> m.childText("schema")).orElse(""),
            metadata.map(m -> m.childText("schemaversion")).orElse(""),
            metadata,
            orgs.map(o -> o.attr("default").trim()).orElse(""),
            orgs.map(XmlElement::line).orElse(0),
            orgs.map(CpManifestReader::organizations).orElse(List.of()),
            resources,
            root,
            CpManifest.index(resources)));
  }

  private static List<Organization> organizations(XmlElement organizations) {
    return organizations.children("organization").stream()
        .map(CpManifestReader::organization)
        .toList();
  }

  private static List<Resource> resources(XmlElement manifest) {
    Optional<XmlElement> res = manifest.child("resources");
    String base = Hrefs.withBase(base(manifest), res.map(CpManifestReader::base).orElse(""));
    return res.map(r -> r.children("resource").stream().map(e -> resource(e, base)).toList())
        .orElse(List.of());
  }

  private static Organization organization(XmlElement e) {
    return new Organization(e.attr("identifier").trim(), e.childText("title"), items(e), e);
  }

  private static List<Item> items(XmlElement parent) {
    List<Item> items = new ArrayList<>();
    for (XmlElement e : parent.children("item")) {
      items.add(
          new Item(
              e.attr("identifier").trim(),
              e.attr("identifierref").trim(),
              e.childText("title"),
              e.attr("parameters"),
              items(e),
              e));
    }
    return items;
  }

  private static Resource resource(XmlElement e, String parentBase) {
    Optional<XmlElement.Attribute> scormType = e.attributeIgnoreCase("scormtype");
    List<FileRef> files =
        e.children("file").stream().map(f -> new FileRef(f.attr("href").trim(), f.line())).toList();
    List<Dependency> deps =
        e.children("dependency").stream()
            .map(d -> new Dependency(d.attr("identifierref").trim(), d.line()))
            .toList();
    return new Resource(
        e.attr("identifier").trim(),
        e.attr("type").trim(),
        scormType.map(a -> a.value().trim()).orElse(""),
        scormType.map(XmlElement.Attribute::qName).orElse(""),
        e.attr("href").trim(),
        Hrefs.withBase(parentBase, base(e)),
        files,
        deps,
        e);
  }

  private static String base(XmlElement e) {
    return e.attribute(XML_NS, "base").map(String::trim).orElse("");
  }
}
