package org.courseport.server.packaging.qti;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.Hrefs;
import org.courseport.server.packaging.xml.BundledSchema;
import org.courseport.server.packaging.xml.XmlDocument;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.courseport.server.packaging.xml.XmlElement;
import org.courseport.server.packaging.xml.XmlTreeParser;
import org.courseport.server.packaging.xml.XsdValidator;

/**
 * Checks the item and test files of a QTI 2.x/3.0 package: each must be well-formed (ERROR) and
 * valid against the QTI schema where bundled (WARNING), files they XInclude must exist (WARNING),
 * and every item reference of a test must point at an item resource of the manifest (ERROR),
 * ideally one the test declares as a dependency.
 */
public final class QtiFileChecks {
  private static final String QTI_21_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1";
  private static final String QTI_22_NS = "http://www.imsglobal.org/xsd/imsqti_v2p2";
  private static final Set<String> ITEM_REFS =
      Set.of("assessmentItemRef", "qti-assessment-item-ref");

  private final PackageArchive archive;
  private final XmlDocumentLoader loader;
  private final XsdValidator validator;
  private final Findings findings;
  private final Set<String> schemas = new TreeSet<>();

  public QtiFileChecks(
      PackageArchive archive, XmlDocumentLoader loader, XsdValidator validator, Findings findings) {
    this.archive = archive;
    this.loader = loader;
    this.validator = validator;
    this.findings = findings;
  }

  /** Runs the checks; returns the title of the first test, or empty. */
  public String run(List<QtiResource> resources) {
    Map<String, QtiResource> itemsByPath = new HashMap<>();
    for (QtiResource r : resources) {
      if (r.isItem()) {
        Hrefs.normalise(Hrefs.filePart(r.href())).ifPresent(p -> itemsByPath.putIfAbsent(p, r));
      }
    }
    String title = "";
    for (QtiResource r : resources) {
      if (!r.isItem() && !r.isTest()) {
        continue;
      }
      Optional<XmlDocument> doc = load(r);
      if (doc.isPresent() && r.isTest()) {
        checkItemRefs(doc.get(), r, itemsByPath);
        title = title.isEmpty() ? doc.get().root().attr("title").trim() : title;
      }
    }
    return title;
  }

  /** The labels of the schemas item and test files were checked against, after {@link #run}. */
  public List<String> schemas() {
    return List.copyOf(schemas);
  }

  private Optional<XmlDocument> load(QtiResource r) {
    Optional<ArchiveEntry> entry =
        Hrefs.normalise(Hrefs.filePart(r.href())).filter(p -> !p.isEmpty()).flatMap(archive::find);
    Findings loading = new Findings();
    Optional<XmlDocument> doc = entry.flatMap(e -> loader.load(archive, e, loading));
    // QTI shares stimuli through XInclude: expected here, so check the target instead of warning.
    loading.list().stream()
        .filter(f -> !f.rule().equals("xml.xinclude.ignored"))
        .forEach(findings::add);
    doc.ifPresent(
        d -> {
          schemaOf(d.root())
              .filter(s -> validator.validate(d, s, findings) != XsdValidator.NOT_CHECKED)
              .ifPresent(s -> schemas.add(s.label()));
          checkIncludes(d);
        });
    return doc;
  }

  private void checkIncludes(XmlDocument doc) {
    doc.root()
        .descendantsAndSelf()
        .filter(e -> XmlTreeParser.XINCLUDE_NS.equals(e.namespace()))
        .filter(e -> e.localName().equals("include"))
        .forEach(
            e -> {
              String href = e.attr("href").trim();
              Optional<String> path =
                  Hrefs.normalise(directoryOf(doc.path()) + Hrefs.filePart(href));
              if (!Hrefs.hasScheme(href) && path.flatMap(archive::find).isEmpty()) {
                findings.warning(
                    "manifest.file.missing",
                    doc.path(),
                    e.line(),
                    e.qName(),
                    "The file '" + href + "' included by " + doc.path() + " is not in the package");
              }
            });
  }

  private static String directoryOf(String path) {
    return path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
  }

  private static Optional<BundledSchema> schemaOf(XmlElement root) {
    return switch (root.namespace()) {
      case QTI_21_NS -> Optional.of(BundledSchema.QTI_21);
      case QTI_22_NS -> Optional.of(BundledSchema.QTI_22);
      default -> Optional.empty();
    };
  }

  private void checkItemRefs(XmlDocument test, QtiResource r, Map<String, QtiResource> items) {
    String dir = directoryOf(test.path());
    test.root()
        .descendantsAndSelf()
        .filter(e -> ITEM_REFS.contains(e.localName()))
        .forEach(ref -> checkItemRef(test.path(), ref, dir, r, items));
  }

  private void checkItemRef(
      String file, XmlElement ref, String dir, QtiResource test, Map<String, QtiResource> items) {
    String href = ref.attr("href").trim();
    QtiResource item = Hrefs.normalise(dir + Hrefs.filePart(href)).map(items::get).orElse(null);
    if (item == null) {
      findings.error(
          "qti.item-ref.unresolved",
          file,
          ref.line(),
          ref.qName(),
          String.format(
              "The test refers to the item '%s', but no item resource of the manifest has that"
                  + " href; declare the item in imsmanifest.xml",
              href));
    } else if (!test.dependencies().contains(item.identifier())) {
      findings.warning(
          "qti.item-ref.undeclared-dependency",
          file,
          ref.line(),
          ref.qName(),
          String.format(
              "The test uses item '%s' (%s) but its resource '%s' does not list it as"
                  + " a <dependency>",
              item.identifier(), href, test.identifier()));
    }
  }
}
