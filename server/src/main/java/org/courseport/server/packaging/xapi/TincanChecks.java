package org.courseport.server.packaging.xapi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.Hrefs;
import org.courseport.server.packaging.xml.XmlElement;

/** Checks of tincan.xml: a launchable activity exists, launch files are present, ids are IRIs. */
final class TincanChecks {
  private final PackageArchive archive;
  private final String file;
  private final Findings findings;

  TincanChecks(PackageArchive archive, String file, Findings findings) {
    this.archive = archive;
    this.file = file;
    this.findings = findings;
  }

  void check(List<XmlElement> activities) {
    boolean launchable = false;
    for (XmlElement a : activities) {
      checkId(a);
      String launch = a.childText("launch");
      if (!launch.isEmpty()) {
        launchable = true;
        checkLaunch(a, launch);
      }
    }
    if (!launchable) {
      findings.error(
          "manifest.launch.missing",
          file,
          "No activity of "
              + file
              + " has a"
              + " <launch> element, so the course cannot be started");
    }
  }

  private void checkId(XmlElement a) {
    String id = a.attr("id").trim();
    boolean iri;
    try {
      iri = !id.isEmpty() && new URI(id).isAbsolute();
    } catch (URISyntaxException e) {
      iri = false;
    }
    if (!iri) {
      findings.warning(
          "xapi.id.invalid",
          file,
          a.line(),
          a.qName(),
          "The activity id '"
              + id
              + "' is not an absolute IRI; xAPI statements about it may be rejected by an LRS");
    }
  }

  private void checkLaunch(XmlElement a, String launch) {
    int line = a.child("launch").map(XmlElement::line).orElse(a.line());
    if (Hrefs.isWebUrl(launch)) {
      return;
    }
    if (Hrefs.hasScheme(launch)) {
      findings.error(
          "manifest.href.unsafe",
          file,
          line,
          "launch",
          "The launch '" + launch + "' uses a scheme that cannot be launched safely");
      return;
    }
    Optional<String> path = Hrefs.normalise(Hrefs.filePart(launch));
    if (path.isEmpty()) {
      findings.error(
          "manifest.href.outside-package",
          file,
          line,
          "launch",
          "The launch '" + launch + "' points outside the package");
    } else if (archive.find(path.get()).isEmpty()) {
      findings.error(
          "manifest.launch.file-missing",
          file,
          line,
          "launch",
          "The launch file '" + path.get() + "' is not in the package");
    }
  }
}
