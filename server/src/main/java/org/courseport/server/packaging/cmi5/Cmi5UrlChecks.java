package org.courseport.server.packaging.cmi5;

import java.util.Optional;
import org.courseport.server.packaging.PackageArchive;
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
    int line = au.element().line();
    if (au.url().isEmpty()) {
      findings.error(
          "cmi5.au.url.missing",
          file,
          line,
          "url",
          "The AU '" + au.id() + "' has no <url>; give it the address that launches it");
      return;
    }
    Optional<String> problem = Cmi5Urls.problem(au.url());
    if (problem.isPresent()) {
      findings.error(
          "cmi5.au.url.invalid",
          file,
          line,
          "url",
          "The URL '" + au.url() + "' of AU '" + au.id() + "' " + problem.get());
      return;
    }
    if (!Cmi5Urls.isRelative(au.url())) {
      return;
    }
    if (archive.isEmpty()) {
      findings.error(
          "cmi5.au.url.relative",
          file,
          line,
          "url",
          "The AU '"
              + au.id()
              + "' has the relative URL '"
              + au.url()
              + "', but a course structure imported without"
              + " a package must use absolute URLs; upload the zip with the AU files instead");
      return;
    }
    Optional<String> path = Hrefs.normalise(Hrefs.filePart(au.url()));
    if (path.isEmpty()) {
      findings.error(
          "manifest.href.outside-package",
          file,
          line,
          "url",
          "The URL '" + au.url() + "' of AU '" + au.id() + "' points outside the package");
    } else if (archive.get().find(path.get()).isEmpty()) {
      findings.error(
          "cmi5.au.url.file-missing",
          file,
          line,
          "url",
          "The AU '"
              + au.id()
              + "' launches '"
              + path.get()
              + "', which is not in the package; add the file or use"
              + " an absolute URL");
    }
  }
}
