package org.courseport.server.export.imported;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.courseport.server.packaging.support.Hrefs;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Path work on an IMS manifest (SCORM, Common Cartridge, QTI, plain content packages): the import's
 * repairs written into the hrefs, and the launch URL the import computes (first launchable item of
 * the default organization, xml:base and item parameters applied).
 */
final class ManifestPaths {
  private ManifestPaths() {}

  /** A resource element with its effective xml:base (manifest, resources and its own). */
  record Resource(Element element, String base) {
    String identifier() {
      return element.getAttribute("identifier");
    }

    String href() {
      return ManifestXml.attr(element, "href");
    }

    String scormType() {
      return ManifestXml.attr(element, "scormtype").isEmpty()
          ? ManifestXml.attr(element, "scormType")
          : ManifestXml.attr(element, "scormtype");
    }
  }

  /** The resources of the manifest in document order. */
  static List<Resource> resources(Document manifest) {
    Element root = manifest.getDocumentElement();
    List<Resource> out = new ArrayList<>();
    for (Element resources : ManifestXml.children(root, "resources")) {
      String base = Hrefs.withBase(ManifestXml.base(root), ManifestXml.base(resources));
      for (Element r : ManifestXml.children(resources, "resource")) {
        out.add(new Resource(r, Hrefs.withBase(base, ManifestXml.base(r))));
      }
    }
    return out;
  }

  static Optional<Resource> resource(Document manifest, String identifier) {
    return resources(manifest).stream().filter(r -> r.identifier().equals(identifier)).findFirst();
  }

  /**
   * Rewrites every resource and file href whose file the import found only after a repair ('\' as
   * separator, a letter-case difference) to the file's real path, so the package validates as it
   * is. Percent-encoded hrefs are correct URLs and stay. Returns whether anything changed.
   */
  static boolean repair(Document manifest, StoredPackage pkg) {
    boolean changed = false;
    for (Resource r : resources(manifest)) {
      changed |= repairHref(r.element(), r.base(), pkg);
      for (Element file : ManifestXml.children(r.element(), "file")) {
        changed |= repairHref(file, r.base(), pkg);
      }
    }
    return changed;
  }

  private static boolean repairHref(Element e, String base, StoredPackage pkg) {
    String href = e.getAttribute("href");
    if (href.isEmpty() || Hrefs.hasScheme(href)) {
      return false;
    }
    String file = Hrefs.filePart(href);
    String rest = href.substring(file.length());
    String full = Hrefs.withBase(base, file);
    Optional<String> exact = Hrefs.normalise(full);
    if (exact.isPresent() && pkg.file(exact.get()).isPresent()) {
      return false;
    }
    Optional<String> resolved = pkg.resolve(full);
    if (resolved.isEmpty()) {
      return false;
    }
    Optional<String> decoded = exact.flatMap(ManifestPaths::percentDecode);
    if (decoded.isPresent() && decoded.get().equals(resolved.get())) {
      return false;
    }
    e.setAttribute("href", relativeTo(base, resolved.get()) + rest);
    return true;
  }

  /** {@code path} (from the package root) as seen from the folder {@code base}. */
  static String relativeTo(String base, String path) {
    String folder = Hrefs.normalise(base.replace('\\', '/')).orElse("");
    while (folder.endsWith("/")) {
      folder = folder.substring(0, folder.length() - 1);
    }
    if (folder.isEmpty()) {
      return path;
    }
    if (path.startsWith(folder + "/")) {
      return path.substring(folder.length() + 1);
    }
    return "../".repeat(folder.split("/").length) + path;
  }

  /**
   * The launch URL the import computes: the first item (preorder) of the default organization that
   * references a resource with an href, with xml:base and the item's parameters; empty when there
   * is none.
   */
  static String launch(Document manifest) {
    Element root = manifest.getDocumentElement();
    Optional<Element> organizations = ManifestXml.child(root, "organizations");
    if (organizations.isEmpty()) {
      return "";
    }
    List<Element> orgs = ManifestXml.children(organizations.get(), "organization");
    String wanted = organizations.get().getAttribute("default");
    Element org =
        orgs.stream()
            .filter(o -> o.getAttribute("identifier").equals(wanted))
            .findFirst()
            .orElse(orgs.isEmpty() ? null : orgs.get(0));
    return org == null ? "" : firstLaunch(manifest, org).orElse("");
  }

  private static Optional<String> firstLaunch(Document manifest, Element parent) {
    for (Element item : ManifestXml.children(parent, "item")) {
      String ref = item.getAttribute("identifierref");
      if (!ref.isEmpty()) {
        Optional<String> href =
            resource(manifest, ref)
                .filter(r -> !r.href().isEmpty())
                .map(
                    r ->
                        Hrefs.withParameters(
                            Hrefs.withBase(r.base(), r.href()), item.getAttribute("parameters")));
        if (href.isPresent()) {
          return href;
        }
      }
      Optional<String> below = firstLaunch(manifest, item);
      if (below.isPresent()) {
        return below;
      }
    }
    return Optional.empty();
  }

  /** %XX escapes decoded as UTF-8; empty when there are none or they are malformed. */
  static Optional<String> percentDecode(String text) {
    if (text.indexOf('%') < 0) {
      return Optional.empty();
    }
    byte[] in = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[in.length];
    int n = 0;
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '%') {
        if (i + 2 >= in.length) {
          return Optional.empty();
        }
        int high = Character.digit(in[i + 1], 16);
        int low = Character.digit(in[i + 2], 16);
        if (high < 0 || low < 0) {
          return Optional.empty();
        }
        out[n++] = (byte) (high * 16 + low);
        i += 2;
      } else {
        out[n++] = in[i];
      }
    }
    return Optional.of(new String(out, 0, n, StandardCharsets.UTF_8));
  }
}
