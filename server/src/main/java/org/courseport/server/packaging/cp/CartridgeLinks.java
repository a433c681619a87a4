package org.courseport.server.packaging.cp;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.cp.CpManifest.Resource;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.Hrefs;
import org.courseport.server.packaging.xml.XmlDocument;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.courseport.server.packaging.xml.XmlElement;

/**
 * The launch URLs of Common Cartridge link resources, read from their descriptor files: basic LTI
 * links ({@code imsbasiclti_xmlv1p0}: {@code secure_launch_url} or {@code launch_url}) and web
 * links ({@code imswl_xmlv1p*}: {@code <url href>}). A descriptor that cannot be read only warns.
 */
final class CartridgeLinks {
  private final PackageArchive archive;
  private final XmlDocumentLoader loader;
  private final Findings findings;

  CartridgeLinks(PackageArchive archive, XmlDocumentLoader loader, Findings findings) {
    this.archive = archive;
    this.loader = loader;
    this.findings = findings;
  }

  /** Launch URL by resource identifier, for the link resources of {@code manifest}. */
  Map<String, String> read(CpManifest manifest) {
    Map<String, String> links = new HashMap<>();
    for (Resource r : manifest.resources()) {
      String type = r.type().toLowerCase(Locale.ROOT);
      boolean lti = type.startsWith("imsbasiclti_xmlv1p");
      boolean web = type.startsWith("imswl_xmlv1p");
      if ((lti || web) && !r.files().isEmpty()) {
        descriptor(r)
            .flatMap(d -> lti ? ltiUrl(d.root()) : webUrl(d.root()))
            .filter(Hrefs::isWebUrl)
            .ifPresent(url -> links.put(r.identifier(), url));
      }
    }
    return links;
  }

  private Optional<XmlDocument> descriptor(Resource r) {
    Optional<PackageArchive.ArchiveEntry> entry =
        Hrefs.normalise(Hrefs.withBase(r.base(), r.files().get(0).href())).flatMap(archive::find);
    Findings scratch = new Findings();
    Optional<XmlDocument> doc = entry.flatMap(e -> loader.load(archive, e, scratch));
    scratch
        .list()
        .forEach(
            f ->
                findings.warning(
                    "cc.link.unreadable",
                    f.file(),
                    f.line(),
                    f.element(),
                    f.message()
                        + " (the link of resource '"
                        + r.identifier()
                        + "' is imported without its URL)"));
    return doc;
  }

  private static Optional<String> ltiUrl(XmlElement root) {
    return root.child("secure_launch_url")
        .map(XmlElement::text)
        .filter(s -> !s.isEmpty())
        .or(() -> root.child("launch_url").map(XmlElement::text).filter(s -> !s.isEmpty()));
  }

  private static Optional<String> webUrl(XmlElement root) {
    return root.child("url").map(u -> u.attr("href").trim()).filter(s -> !s.isEmpty());
  }
}
