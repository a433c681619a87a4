package org.courseport.server.packaging.xml;

import java.io.IOException;
import java.util.Optional;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.support.ArchiveFiles;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.InspectionLimits;

/**
 * Loads XML files of a package safely: size limit, encoding repair, hardened parse. A file that
 * cannot be loaded becomes one ERROR finding and an empty result, never an exception.
 */
public final class XmlDocumentLoader {
  private final InspectionLimits limits;
  private final XmlTreeParser parser;

  public XmlDocumentLoader(InspectionLimits limits) {
    this.limits = limits;
    this.parser = new XmlTreeParser(limits.maxElementDepth());
  }

  /** Reads and parses {@code entry}; problems are added to {@code findings}. */
  public Optional<XmlDocument> load(PackageArchive archive, ArchiveEntry entry, Findings findings) {
    byte[] bytes;
    try {
      bytes = ArchiveFiles.readLimited(archive, entry, limits.maxXmlBytes());
    } catch (ArchiveFiles.TooLargeException e) {
      findings.error("xml.too-large", entry.path(), e.getMessage());
      return Optional.empty();
    } catch (IOException e) {
      findings.error(
          "archive.unreadable",
          entry.path(),
          entry.path() + " cannot be read from the package: " + e.getMessage());
      return Optional.empty();
    }
    return parse(bytes, entry.path(), findings);
  }

  /** Parses the bytes of an XML file named {@code path}; problems go to {@code findings}. */
  public Optional<XmlDocument> parse(byte[] bytes, String path, Findings findings) {
    if (bytes.length > limits.maxXmlBytes()) {
      findings.error(
          "xml.too-large",
          path,
          path
              + " is larger than "
              + (limits.maxXmlBytes() >> 10)
              + " KiB, the most the importer reads");
      return Optional.empty();
    }
    try {
      String text = XmlDecoder.decode(bytes, path, findings);
      if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
        text = text.substring(1);
      }
      XmlElement root = parser.parse(text, path);
      warnXInclude(root, path, findings);
      return Optional.of(new XmlDocument(path, text, root));
    } catch (XmlRefusedException e) {
      findings.error(e.rule(), path, e.line(), "", e.getMessage());
      return Optional.empty();
    }
  }

  private static void warnXInclude(XmlElement root, String path, Findings findings) {
    root.descendantsAndSelf()
        .filter(e -> XmlTreeParser.XINCLUDE_NS.equals(e.namespace()))
        .findFirst()
        .ifPresent(
            e ->
                findings.warning(
                    "xml.xinclude.ignored",
                    path,
                    e.line(),
                    e.qName(),
                    path
                        + " uses XInclude ("
                        + e.qName()
                        + "); included files are never loaded,"
                        + " so put their content in the file itself"));
  }
}
