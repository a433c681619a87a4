package org.courseport.server.packaging.cp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.courseport.server.packaging.cp.CpManifest.Dependency;
import org.courseport.server.packaging.cp.CpManifest.Item;
import org.courseport.server.packaging.cp.CpManifest.Organization;
import org.courseport.server.packaging.cp.CpManifest.Resource;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.PackageFormat;
import org.courseport.server.packaging.xml.XmlElement;

/**
 * Identifier checks of a manifest: present, unique, references resolvable, default organization
 * existing, dependencies acyclic.
 */
final class IdentifierChecks {
  private final CpManifest manifest;
  private final String file;
  private final Findings findings;

  IdentifierChecks(CpManifest manifest, String file, Findings findings) {
    this.manifest = manifest;
    this.file = file;
    this.findings = findings;
  }

  void run(PackageFormat format) {
    List<Named> named = named();
    requirePresent(named);
    requireUnique(named);
    requireResolvableReferences(format);
    requireDefaultOrganization(format);
    new DependencyCycles(manifest, file, findings).check();
  }

  private record Named(String kind, String id, XmlElement element) {}

  private List<Named> named() {
    List<Named> named = new ArrayList<>();
    for (Organization org : manifest.organizations()) {
      named.add(new Named("organization", org.identifier(), org.element()));
      for (Item item : CpManifest.flatten(org.items())) {
        named.add(new Named("item", item.identifier(), item.element()));
      }
    }
    for (Resource r : manifest.resources()) {
      named.add(new Named("resource", r.identifier(), r.element()));
    }
    return named;
  }

  private void requirePresent(List<Named> named) {
    for (Named n : named) {
      if (n.id().isEmpty()) {
        findings.error(
            "manifest.identifier.missing",
            file,
            n.element().line(),
            n.element().qName(),
            "The <"
                + n.element().qName()
                + "> at line "
                + n.element().line()
                + " has no identifier; give every "
                + n.kind()
                + " a unique identifier attribute");
      }
    }
  }

  private void requireUnique(List<Named> named) {
    Map<String, Named> first = new HashMap<>();
    for (Named n : named) {
      Named earlier = n.id().isEmpty() ? null : first.putIfAbsent(n.id(), n);
      if (earlier != null) {
        reportDuplicate(n, earlier);
      }
    }
  }

  /** Same kind twice is an error; an item sharing a resource's identifier only a warning. */
  private void reportDuplicate(Named n, Named earlier) {
    boolean sameKind = earlier.kind().equals(n.kind());
    String message =
        String.format(
            "The identifier '%s' of the %s at line %d is already used by the %s at line %d; %s",
            n.id(),
            n.kind(),
            n.element().line(),
            earlier.kind(),
            earlier.element().line(),
            sameKind ? "identifiers must be unique" : "the schema requires unique identifiers");
    if (sameKind) {
      findings.error(
          "manifest.identifier.duplicate", file, n.element().line(), n.element().qName(), message);
    } else {
      findings.warning(
          "manifest.identifier.shared", file, n.element().line(), n.element().qName(), message);
    }
  }

  private void requireResolvableReferences(PackageFormat format) {
    for (Organization org : manifest.organizations()) {
      for (Item item : CpManifest.flatten(org.items())) {
        if (!item.identifierRef().isEmpty() && manifest.resource(item.identifierRef()).isEmpty()) {
          if (format.isScorm()) {
            unresolved(item.element(), "item '" + item.identifier() + "'", item.identifierRef());
          } else {
            dropped(item);
          }
        }
      }
    }
    for (Resource r : manifest.resources()) {
      for (Dependency d : r.dependencies()) {
        if (manifest.resource(d.identifierRef()).isEmpty()) {
          findings.error(
              "manifest.identifierref.unresolved",
              file,
              d.line(),
              "dependency",
              "Resource '"
                  + r.identifier()
                  + "' depends on '"
                  + d.identifierRef()
                  + "', but no resource has that identifier");
        }
      }
    }
  }

  /**
   * Outside SCORM nothing launches an item's resource through a runtime, and real exports (Canvas
   * leaves out external tools and badges) carry such items: the tree builder drops the reference.
   */
  private void dropped(Item item) {
    findings.warning(
        "manifest.identifierref.dropped",
        file,
        item.element().line(),
        item.element().qName(),
        "The item '"
            + item.identifier()
            + "' refers to '"
            + item.identifierRef()
            + "', but no resource has that identifier; "
            + (item.children().isEmpty()
                ? "the item was left out of the activity tree"
                : "the item was kept as a folder of its " + item.children().size() + " children"));
  }

  private void unresolved(XmlElement element, String who, String ref) {
    boolean isItem =
        manifest.organizations().stream()
            .flatMap(o -> CpManifest.flatten(o.items()).stream())
            .anyMatch(i -> i.identifier().equals(ref));
    findings.error(
        "manifest.identifierref.unresolved",
        file,
        element.line(),
        element.qName(),
        "The "
            + who
            + " refers to '"
            + ref
            + "', but no resource has that identifier"
            + (isItem ? " (it names an item; identifierref must name a resource)" : ""));
  }

  private void requireDefaultOrganization(PackageFormat format) {
    String wanted = manifest.defaultOrganization();
    int line = manifest.organizationsLine();
    if (!wanted.isEmpty()) {
      if (manifest.organizations().stream().noneMatch(o -> o.identifier().equals(wanted))) {
        findings.error(
            "manifest.organization.default-missing",
            file,
            line,
            "organizations",
            "<organizations default=\""
                + wanted
                + "\"> names no organization; set it to the"
                + " identifier of one of the "
                + manifest.organizations().size()
                + " organizations in the manifest");
      }
    } else if (format.isScorm() && !manifest.organizations().isEmpty()) {
      findings.warning(
          "manifest.organization.default-unset",
          file,
          line,
          "organizations",
          "<organizations> has no default attribute; the first organization is used");
    }
  }
}
