package org.courseport.server.packaging.cp;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.packaging.cp.CpManifest.Item;
import org.courseport.server.packaging.cp.CpManifest.Organization;
import org.courseport.server.packaging.cp.CpManifest.Resource;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.Hrefs;
import org.courseport.server.packaging.support.PackageFormat;

/**
 * Builds the activity tree of an organization: the organization is the root aggregation, items
 * launching a SCO or asset become SCO/ASSET activities with their launch href (xml:base and
 * parameters applied), other items become aggregations.
 */
final class ActivityTreeBuilder {
  private final CpManifest manifest;
  private final PackageFormat format;
  private final String file;
  private final Findings findings;
  private final PassingScores scores;
  private final Set<String> warnedTypes = new HashSet<>();
  private final Map<String, String> links;

  /** {@code links} gives launch URLs of hrefless link resources (Common Cartridge LTI, web). */
  ActivityTreeBuilder(
      CpManifest manifest,
      PackageFormat format,
      String file,
      Findings findings,
      Map<String, String> links) {
    this.manifest = manifest;
    this.format = format;
    this.file = file;
    this.findings = findings;
    this.links = Map.copyOf(links);
    this.scores = new PassingScores(manifest, format, file, findings);
  }

  Activity build(Organization org) {
    return new Activity(
        org.identifier(), "", ActivityType.AGGREGATION, "", org.title(), "", items(org.items()));
  }

  /** The activities of {@code items}, without the non-SCORM items whose resource is missing. */
  private List<Activity> items(List<Item> items) {
    return items.stream().flatMap(i -> item(i).stream()).toList();
  }

  /** A root aggregation listing resources directly, for packages without organizations. */
  Activity resourceList(String id, String title, List<Resource> resources) {
    return new Activity(
        id,
        "",
        ActivityType.AGGREGATION,
        "",
        title,
        "",
        resources.stream()
            .map(
                r ->
                    new Activity(
                        r.identifier(),
                        r.identifier(),
                        ActivityType.ASSET,
                        entryPoint(r).orElse(""),
                        r.identifier(),
                        "",
                        List.of()))
            .toList());
  }

  /** The href of a resource with xml:base applied, or its first file for hrefless web content. */
  static Optional<String> entryPoint(Resource r) {
    if (!r.href().isEmpty()) {
      return Optional.of(Hrefs.withBase(r.base(), r.href()));
    }
    if (r.type().equalsIgnoreCase("webcontent") && !r.files().isEmpty()) {
      return Optional.of(Hrefs.withBase(r.base(), r.files().get(0).href()));
    }
    return Optional.empty();
  }

  private Optional<Activity> item(Item item) {
    List<Activity> children = items(item.children());
    Optional<Resource> resource = manifest.resource(item.identifierRef());
    boolean dangling = !item.identifierRef().isEmpty() && resource.isEmpty();
    if (dangling && !format.isScorm() && children.isEmpty()) {
      return Optional.empty(); // IdentifierChecks warned: manifest.identifierref.dropped
    }
    if (item.identifierRef().isEmpty() || (dangling && !format.isScorm())) {
      return Optional.of(
          new Activity(
              item.identifier(), "", ActivityType.AGGREGATION, "", item.title(), "", children));
    }
    if (resource.isEmpty()) {
      return Optional.of(
          new Activity(
              item.identifier(),
              item.identifierRef(),
              ActivityType.UNKNOWN,
              "",
              item.title(),
              "",
              children));
    }
    Resource r = resource.get();
    String href =
        r.href().isEmpty()
            ? links.getOrDefault(r.identifier(), "")
            : Hrefs.withParameters(Hrefs.withBase(r.base(), r.href()), item.parameters());
    return Optional.of(
        new Activity(
            item.identifier(),
            r.identifier(),
            typeOf(r),
            href,
            item.title(),
            scores.of(item),
            children));
  }

  private ActivityType typeOf(Resource r) {
    if (!format.isScorm()) {
      return ActivityType.ASSET;
    }
    String type = r.scormType().toLowerCase(Locale.ROOT);
    if (type.equals("sco")) {
      return ActivityType.SCO;
    }
    if (!type.equals("asset") && warnedTypes.add(r.identifier())) {
      String attr = format == PackageFormat.SCORM_12 ? "adlcp:scormtype" : "adlcp:scormType";
      findings.warning(
          type.isEmpty() ? "manifest.scormtype.missing" : "manifest.scormtype.invalid",
          file,
          r.element().line(),
          "resource",
          "Resource '"
              + r.identifier()
              + "' has "
              + (type.isEmpty() ? "no " + attr : attr + "=\"" + r.scormType() + "\"")
              + "; it was imported as an asset. Use "
              + attr
              + "=\"sco\" if it talks to the LMS");
    }
    return ActivityType.ASSET;
  }
}
