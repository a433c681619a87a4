package org.courseport.server.packaging.cmi5;

import java.util.Optional;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.Hrefs;

/**
 * AU URL checks: present, valid, no reserved launch parameters, and a relative URL must name a file
 * of the package (cmi5 14.1.0.0-4) or, without a package, is not allowed at all.
 */
final class Cmi5UrlChecks {
  private final String file;
  private final Optional<PackageArchive> archive;
  private final Findings findings;

  Cmi5UrlChecks(String file, Optional<PackageArchive> archive, Findings findings) {
    this.file = file;
    this.archive = archive;
    this.findings = findings;
  }

  void check(Iterable<Cmi5StructureReader.Au> aus) {
    for (Cmi5StructureReader.Au au : aus) {
      check(au);
    }
  }

  private void check(Cmi5StructureReader.Au au) {
    if (au.url().isEmpty()) {
      error(
          "cmi5.au.url.missing",
          au,
          "The AU '%s' has no <url>; give it the address that" + " launches it",
          au.id());
      return;
    }
    Optional<String> problem = Cmi5Urls.problem(au.url());
    if (problem.isPresent()) {
      error(
          "cmi5.au.url.invalid",
          au,
          "The URL '%s' of AU '%s' %s",
          au.url(),
          au.id(),
          problem.get());
    } else if (Cmi5Urls.isRelative(au.url())) {
      checkRelative(au);
    }
  }

  private void checkRelative(Cmi5StructureReader.Au au) {
    if (archive.isEmpty()) {
      error(
          "cmi5.au.url.relative",
          au,
          "The AU '%s' has the relative URL '%s', but a course"
              + " structure imported without a package must use absolute URLs; upload the zip with"
              + " the AU files instead",
          au.id(),
          au.url());
      return;
    }
    Optional<String> path = Hrefs.normalise(Hrefs.filePart(au.url()));
    if (path.isEmpty()) {
      error(
          "manifest.href.outside-package",
          au,
          "The URL '%s' of AU '%s' points outside the" + " package",
          au.url(),
          au.id());
    } else if (archive.get().find(path.get()).isEmpty()) {
      error(
          "cmi5.au.url.file-missing",
          au,
          "The AU '%s' launches '%s', which is not in the"
              + " package; add the file or use an absolute URL",
          au.id(),
          path.get());
    }
  }

  private void error(String rule, Cmi5StructureReader.Au au, String format, Object... args) {
    findings.error(rule, file, au.element().line(), "url", String.format(format, args));
  }
}
