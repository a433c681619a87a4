package org.courseport.server.packaging.cp;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.cp.CpManifest.FileRef;
import org.courseport.server.packaging.cp.CpManifest.Item;
import org.courseport.server.packaging.cp.CpManifest.Resource;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.Hrefs;
import org.courseport.server.packaging.support.PackageFormat;

/**
 * Launch and file checks: something launchable exists, every launched file is in the package
 * (ERROR), every listed file is too (one WARNING each), no href is unsafe or leaves the package.
 */
final class FileChecks {
  private final CpManifest manifest;
  private final PackageFormat format;
  private final PackageArchive archive;
  private final String file;
  private final Findings findings;
  private final Set<String> reported = new HashSet<>();

  FileChecks(
      CpManifest manifest,
      PackageFormat format,
      PackageArchive archive,
      String file,
      Findings findings) {
    this.manifest = manifest;
    this.format = format;
    this.archive = archive;
    this.file = file;
    this.findings = findings;
  }

  void run() {
    Set<Resource> launched = launchedResources();
    if (format.isScorm() && launched.isEmpty()) {
      findings.error(
          "manifest.launch.missing",
          file,
          manifest.organizationsLine(),
          "organizations",
          "No item of the manifest refers to a resource, so there is nothing to launch; add an"
              + " <item identifierref=\"...\"> pointing at the course's SCO or asset");
    }
    launched.forEach(this::checkLaunched);
    for (Resource r : manifest.resources()) {
      if (!launched.contains(r) && !r.href().isEmpty()) {
        check(Hrefs.withBase(r.base(), r.href()), r.element().line(), "resource", false);
      }
      for (FileRef f : r.files()) {
        check(Hrefs.withBase(r.base(), f.href()), f.line(), "file", false);
      }
    }
  }

  /** Resources referenced by items, plus the item and test resources of QTI packages. */
  private Set<Resource> launchedResources() {
    Set<Resource> launched = new LinkedHashSet<>();
    for (CpManifest.Organization org : manifest.organizations()) {
      for (Item item : CpManifest.flatten(org.items())) {
        manifest.resource(item.identifierRef()).ifPresent(launched::add);
      }
    }
    if (format.isQti()) {
      manifest.resources().stream()
          .filter(r -> r.type().toLowerCase(Locale.ROOT).matches("imsqti_(item|test)_xmlv\\dp\\d"))
          .forEach(launched::add);
    }
    return launched;
  }

  private void checkLaunched(Resource r) {
    if (!r.href().isEmpty()) {
      check(Hrefs.withBase(r.base(), r.href()), r.element().line(), "resource", true);
    } else if (format.isScorm() || format.isQti()) {
      findings.error(
          "manifest.launch.missing",
          file,
          r.element().line(),
          "resource",
          "Resource '"
              + r.identifier()
              + "' is launched but has no href; set href to the"
              + " file that starts it");
    }
  }

  private void check(String href, int line, String element, boolean launched) {
    if (href.isEmpty() || Hrefs.isWebUrl(href)) {
      return;
    }
    Optional<String> path = safePath(href, line, element);
    if (path.isEmpty()
        || path.get().isEmpty()
        || archive.find(path.get()).isPresent()
        || !reported.add(path.get())) {
      return;
    }
    if (launched) {
      findings.error(
          "manifest.launch.file-missing",
          file,
          line,
          element,
          String.format(
              "The launch file '%s' is not in the package; add it or correct the href",
              path.get()));
    } else {
      findings.warning(
          "manifest.file.missing",
          file,
          line,
          element,
          String.format("The file '%s' listed in the manifest is not in the package", path.get()));
    }
  }

  /** The package path {@code href} names, or empty (with an ERROR) when it is unsafe. */
  private Optional<String> safePath(String href, int line, String element) {
    if (Hrefs.hasScheme(href)) {
      findings.error(
          "manifest.href.unsafe",
          file,
          line,
          element,
          String.format(
              "The href '%s' uses a scheme that cannot be launched safely; use a path inside the"
                  + " package or an http(s) URL",
              href));
      return Optional.empty();
    }
    Optional<String> path = Hrefs.normalise(Hrefs.filePart(href));
    if (path.isEmpty()) {
      findings.error(
          "manifest.href.outside-package",
          file,
          line,
          element,
          String.format(
              "The href '%s' points outside the package; use a path relative to the package root",
              href));
    }
    return path;
  }
}
