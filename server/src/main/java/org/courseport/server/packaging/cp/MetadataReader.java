package org.courseport.server.packaging.cp;

import java.util.Optional;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.Hrefs;
import org.courseport.server.packaging.xml.XmlDocument;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.courseport.server.packaging.xml.XmlElement;

/**
 * Reads the manifest-level LOM: inline {@code <lom>} and the external file named by {@code
 * adlcp:location}; inline values win. A missing or broken metadata file only warns.
 */
final class MetadataReader {
  private final PackageArchive archive;
  private final XmlDocumentLoader loader;
  private final String file;
  private final Findings findings;

  MetadataReader(PackageArchive archive, XmlDocumentLoader loader, String file, Findings findings) {
    this.archive = archive;
    this.loader = loader;
    this.file = file;
    this.findings = findings;
  }

  Lom read(Optional<XmlElement> metadata) {
    if (metadata.isEmpty()) {
      return Lom.EMPTY;
    }
    Lom inline = lomIn(metadata.get()).map(Lom::read).orElse(Lom.EMPTY);
    Lom external =
        metadata.get().child("location").flatMap(this::external).map(Lom::read).orElse(Lom.EMPTY);
    return inline.or(external);
  }

  private static Optional<XmlElement> lomIn(XmlElement e) {
    if (e.localName().equals("lom")) {
      return Optional.of(e);
    }
    return e.descendantsAndSelf().filter(d -> d.localName().equals("lom")).findFirst();
  }

  private Optional<XmlElement> external(XmlElement location) {
    String href = location.text();
    Optional<String> path = Hrefs.normalise(href).filter(p -> !p.isEmpty() && !Hrefs.hasScheme(p));
    Optional<PackageArchive.ArchiveEntry> entry = path.flatMap(archive::find);
    if (entry.isEmpty()) {
      findings.warning(
          "manifest.metadata.missing",
          file,
          location.line(),
          location.qName(),
          "The metadata file '"
              + href
              + "' named by "
              + location.qName()
              + " is not in the package; the course metadata was taken from the manifest only");
      return Optional.empty();
    }
    Findings scratch = new Findings();
    Optional<XmlDocument> doc = loader.load(archive, entry.get(), scratch);
    for (Finding f : scratch.list()) {
      findings.warning(
          "manifest.metadata.unreadable",
          f.file(),
          f.line(),
          f.element(),
          f.message() + " (metadata only; the package still imports)");
    }
    return doc.flatMap(d -> lomIn(d.root()));
  }
}
