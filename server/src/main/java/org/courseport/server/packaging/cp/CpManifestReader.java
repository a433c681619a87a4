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

/** Reads the {@link CpManifest} out of a parsed imsmanifest.xml, by local names. */
final class CpManifestReader {
  static final String XML_NS = "http://www.w3.org/XML/1998/namespace";

  private CpManifestReader() {}

  /** The manifest, or empty (with an ERROR) when the root element is not a manifest. */
  static Optional<CpManifest> read(XmlElement root, String file, Findings findings) {
    if (!root.localName().equals("manifest")) {
      findings.error(
          "manifest.root",
          file,
          root.line(),
          root.qName(),
          file
              + " has the root element <"
              + root.qName()
              + ">; an IMS manifest starts with <manifest>");
      return Optional.empty();
    }
    Optional<XmlElement> metadata = root.child("metadata");
    String schema = metadata.map(m -> m.childText("schema")).orElse("");
    String version = metadata.map(m -> m.childText("schemaversion")).orElse("");
    Optional<XmlElement> orgs = root.child("organizations");
    List<Organization> organizations =
        orgs.map(
                o ->
                    o.children("organization").stream()
                        .map(CpManifestReader::organization)
                        .toList())
            .orElse(List.of());
    String manifestBase = base(root);
    Optional<XmlElement> res = root.child("resources");
    String resourcesBase = Hrefs.withBase(manifestBase, res.map(CpManifestReader::base).orElse(""));
    List<Resource> resources =
        res.map(r -> r.children("resource").stream().map(e -> resource(e, resourcesBase)).toList())
            .orElse(List.of());
    return Optional.of(
        new CpManifest(
            root.attr("identifier").trim(),
            schema,
            version,
            metadata,
            orgs.map(o -> o.attr("default").trim()).orElse(""),
            orgs.map(XmlElement::line).orElse(0),
            organizations,
            resources,
            root,
            CpManifest.index(resources)));
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
