package org.courseport.server.packaging.cp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.packaging.cp.CpManifest.Organization;
import org.courseport.server.packaging.cp.CpManifest.Resource;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.PackageFormat;

/** Turns a checked manifest into the {@link PackageDescription} the rest of the service uses. */
final class CpDescriber {
  private final CpManifest manifest;
  private final PackageFormat format;
  private final String file;
  private final Findings findings;

  CpDescriber(CpManifest manifest, PackageFormat format, String file, Findings findings) {
    this.manifest = manifest;
    this.format = format;
    this.file = file;
    this.findings = findings;
  }

  /**
   * The description; {@code lom} is the manifest metadata and {@code fallbackTitle} a title found
   * elsewhere (a QTI test title), used when neither organization nor LOM has one; {@code links} the
   * launch URLs of Common Cartridge link resources.
   */
  PackageDescription describe(Lom lom, String fallbackTitle, Map<String, String> links) {
    Optional<Organization> org = organization();
    String title =
        firstNonEmpty(
            org.map(Organization::title).orElse(""),
            lom.title().text(),
            fallbackTitle,
            manifest.identifier(),
            "Untitled course");
    ActivityTreeBuilder builder = new ActivityTreeBuilder(manifest, format, file, findings, links);
    Activity root =
        org.map(builder::build)
            .map(a -> a.title().isEmpty() ? retitle(a, title) : a)
            .orElseGet(() -> builder.resourceList(manifest.identifier(), title, listedResources()));
    return new PackageDescription(
        format.standard(),
        format.id(),
        title,
        lom.description().text(),
        launchUrl(root),
        root.countOf(ActivityType.SCO),
        manifest.resources().size(),
        root,
        lom.toMetadata(title),
        lom.languages(),
        file,
        new PackageDescription.ManifestIdentity(
            manifest.identifier(), manifest.schema().trim(), manifest.schemaVersion().trim()));
  }

  /** The default organization, else the first one (the default's absence is reported elsewhere). */
  Optional<Organization> organization() {
    return manifest.organizations().stream()
        .filter(o -> o.identifier().equals(manifest.defaultOrganization()))
        .findFirst()
        .or(() -> manifest.organizations().stream().findFirst());
  }

  private List<Resource> listedResources() {
    if (!format.isQti()) {
      return manifest.resources();
    }
    return manifest.resources().stream()
        .filter(r -> r.type().toLowerCase(Locale.ROOT).matches("imsqti_(item|test)_xmlv\\dp\\d"))
        .toList();
  }

  /** First launchable item; QTI launches its test; other cartridges fall back to web content. */
  private String launchUrl(Activity root) {
    if (format.isQti()) {
      return listedResources().stream()
          .sorted((a, b) -> Boolean.compare(!isTest(a), !isTest(b)))
          .map(ActivityTreeBuilder::entryPoint)
          .flatMap(Optional::stream)
          .findFirst()
          .orElse("");
    }
    return preorder(root)
        .map(Activity::href)
        .filter(h -> !h.isEmpty())
        .findFirst()
        .or(
            () ->
                manifest.resources().stream()
                    .filter(r -> !format.isScorm() && r.type().equalsIgnoreCase("webcontent"))
                    .map(ActivityTreeBuilder::entryPoint)
                    .flatMap(Optional::stream)
                    .findFirst())
        .orElse("");
  }

  private static boolean isTest(Resource r) {
    return r.type().toLowerCase(Locale.ROOT).contains("_test_");
  }

  private static Stream<Activity> preorder(Activity a) {
    return Stream.concat(Stream.of(a), a.children().stream().flatMap(CpDescriber::preorder));
  }

  private static Activity retitle(Activity a, String title) {
    return new Activity(
        a.itemIdentifier(),
        a.resourceIdentifier(),
        a.type(),
        a.href(),
        title,
        a.scaledPassingScore(),
        a.children());
  }

  private static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return "";
  }
}
