package org.courseport.server.player;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.cp.CpManifest;
import org.courseport.server.packaging.cp.CpManifest.Item;
import org.courseport.server.packaging.cp.CpManifest.Organization;
import org.courseport.server.packaging.cp.CpManifest.Resource;
import org.courseport.server.packaging.cp.CpManifestReader;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.Hrefs;
import org.courseport.server.packaging.xml.XmlDocument;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.courseport.server.packaging.xml.XmlElement;

/**
 * Reads one launch plan from a package's manifest: the default organization (else the first), its
 * items in document order with their depth, each launchable item's href resolved to the stored
 * entry and the item's per-standard run-time fields, and for SCORM 2004 the sequencing JSON.
 *
 * <p>Hrefs are relative to the package root as {@link PackageArchive} sees it: the import strips a
 * single top-level folder holding the manifest, and the content origin serves files by the same
 * paths ({@code PackageFiles}), so a manifest in {@code course/imsmanifest.xml} launching {@code
 * index.html} gives the href {@code index.html}. The resource href is joined to the xml:base of the
 * manifest, resources and resource, {@code .} and {@code ..} are resolved, the file part is matched
 * to the stored entry with the import's repairs (backslashes, percent-encoding, letter case) and
 * written as that entry's path; query and fragment are kept and the item's {@code parameters} are
 * appended as SCORM CAM says. A resource that leaves the package, is an absolute URL, or has no
 * href makes the item not launchable (href null). SCORM 1.2 prerequisites are ignored: the table of
 * contents offers every item.
 */
final class ManifestPlanReader {
  private final PackageArchive archive;
  private final XmlDocumentLoader loader;
  private final LaunchKind kind;

  ManifestPlanReader(PackageArchive archive, XmlDocumentLoader loader, LaunchKind kind) {
    this.archive = archive;
    this.loader = loader;
    this.kind = kind;
  }

  LaunchPlan read(ArchiveEntry manifestEntry) {
    Findings findings = new Findings();
    Optional<XmlDocument> doc = loader.load(archive, manifestEntry, findings);
    Optional<CpManifest> read =
        doc.flatMap(d -> CpManifestReader.read(d.root(), manifestEntry.path(), findings));
    if (read.isEmpty()) {
      String why =
          findings.list().stream().map(f -> f.message()).findFirst().orElse("it is not a manifest");
      return LaunchPlan.unsupported("", "The package's manifest cannot be read: " + why);
    }
    CpManifest manifest = read.get();
    Optional<Organization> org = organization(manifest);
    if (org.isEmpty() && kind.assetsOnly()) {
      return resourceList(manifest);
    }
    if (org.isEmpty()) {
      return LaunchPlan.unsupported(
          "", "The package's manifest has no organization, so there is nothing to launch");
    }
    List<PlanItem> items = new ArrayList<>();
    Map<String, XmlElement> collection = ItemSequencing.collection(manifest.root());
    addItems(manifest, org.get().items(), 0, collection, items);
    if (items.stream().noneMatch(PlanItem::launchable)) {
      return LaunchPlan.unsupported(
          "", "No item of the package's organization launches a file of the package");
    }
    if (kind.scorm2004()) {
      ItemSequencing orgSequencing = ItemSequencing.of(org.get().element(), collection);
      return new LaunchPlan(
          kind.standard(),
          org.get().title(),
          items,
          SequencingJson.of(org.get(), manifest.root()),
          orgSequencing.choice(),
          orgSequencing.flow(),
          null);
    }
    return new LaunchPlan(kind.standard(), org.get().title(), items, null, true, true, null);
  }

  /**
   * A plain IMS content package without organizations: its resources, each an asset item named by
   * its identifier (as the import lists them).
   */
  private LaunchPlan resourceList(CpManifest manifest) {
    List<PlanItem> items = new ArrayList<>();
    for (Resource r : manifest.resources()) {
      Item item =
          new Item(r.identifier(), r.identifier(), r.identifier(), "", List.of(), r.element());
      Optional<String> href = href(r, item);
      if (href.isPresent()) {
        items.add(
            new PlanItem(
                r.identifier(),
                r.identifier(),
                0,
                href.get(),
                false,
                true,
                null,
                null,
                null,
                null,
                null,
                null));
      }
    }
    if (items.isEmpty()) {
      return LaunchPlan.unsupported(
          "", "The package has neither an organization nor a resource with a file to launch");
    }
    return new LaunchPlan(kind.standard(), manifest.identifier(), items, null, true, true, null);
  }

  /** The default organization, else the first (as the import describes the package). */
  private static Optional<Organization> organization(CpManifest m) {
    return m.organizations().stream()
        .filter(o -> o.identifier().equals(m.defaultOrganization()))
        .findFirst()
        .or(() -> m.organizations().stream().findFirst());
  }

  private void addItems(
      CpManifest manifest,
      List<Item> items,
      int depth,
      Map<String, XmlElement> collection,
      List<PlanItem> out) {
    for (Item item : items) {
      out.add(planItem(manifest, item, depth, collection));
      addItems(manifest, item.children(), depth + 1, collection, out);
    }
  }

  private PlanItem planItem(
      CpManifest manifest, Item item, int depth, Map<String, XmlElement> collection) {
    Optional<Resource> resource =
        item.identifierRef().isEmpty() ? Optional.empty() : manifest.resource(item.identifierRef());
    String href = resource.flatMap(r -> href(r, item)).orElse(null);
    boolean sco =
        href != null
            && !kind.assetsOnly()
            && resource.get().scormType().toLowerCase(Locale.ROOT).equals("sco");
    XmlElement e = item.element();
    boolean visible = ItemSequencing.parseBool(e.attribute("isvisible").orElse(null)).orElse(true);
    if (kind.scorm2004()) {
      return new PlanItem(
          item.identifier(),
          item.title(),
          depth,
          href,
          sco,
          visible,
          text(e, "dataFromLMS"),
          null,
          null,
          text(e, "timeLimitAction"),
          completionThreshold(e),
          scaledPassingScore(ItemSequencing.of(e, collection)));
    }
    return new PlanItem(
        item.identifier(),
        item.title(),
        depth,
        href,
        sco,
        visible,
        text(e, "datafromlms"),
        text(e, "masteryscore"),
        text(e, "maxtimeallowed"),
        text(e, "timelimitaction"),
        null,
        null);
  }

  /** The launch href of {@code r} for {@code item}, as described in the class comment. */
  private Optional<String> href(Resource r, Item item) {
    if (r.href().isEmpty()) {
      return Optional.empty();
    }
    String joined = Hrefs.withBase(r.base(), r.href());
    if (Hrefs.hasScheme(joined)) {
      return Optional.empty(); // an absolute URL: not a file the content origin serves
    }
    String file = Hrefs.filePart(joined);
    String rest = joined.substring(file.length());
    Optional<String> normal = Hrefs.normalise(file.replace('\\', '/'));
    if (normal.isEmpty() || normal.get().isEmpty()) {
      return Optional.empty();
    }
    String path = archive.find(normal.get()).map(ArchiveEntry::path).orElse(normal.get());
    return Optional.of(Hrefs.withParameters(path + rest, item.parameters()));
  }

  /**
   * The 2004 cmi.completion_threshold: a 3rd Edition text value, or a 4th Edition
   * minProgressMeasure (default 1.0) when completedByMeasure is true; else null.
   */
  private static String completionThreshold(XmlElement item) {
    Optional<XmlElement> t = item.child("completionThreshold");
    if (t.isEmpty()) {
      return null;
    }
    XmlElement e = t.get();
    if (e.attributes().isEmpty()) {
      return SequencingJson.decimal(e.text()).map(BigDecimal::toPlainString).orElse(null);
    }
    if (!ItemSequencing.bool(e, "completedByMeasure", false)) {
      return null;
    }
    return e.attribute("minProgressMeasure")
        .flatMap(SequencingJson::decimal)
        .orElse(BigDecimal.ONE)
        .toPlainString();
  }

  /** The primary objective's minNormalizedMeasure (default 1) when satisfied by measure. */
  private static String scaledPassingScore(ItemSequencing seq) {
    return seq.primaryObjective()
        .filter(p -> ItemSequencing.bool(p, "satisfiedByMeasure", false))
        .map(
            p ->
                p.child("minNormalizedMeasure")
                    .flatMap(m -> SequencingJson.decimal(m.text()))
                    .orElse(BigDecimal.ONE)
                    .toPlainString())
        .orElse(null);
  }

  /** The trimmed text of the first child with this local name (any case), or null. */
  private static String text(XmlElement e, String localName) {
    return e.childIgnoreCase(localName)
        .map(XmlElement::text)
        .filter(t -> !t.isEmpty())
        .orElse(null);
  }
}
