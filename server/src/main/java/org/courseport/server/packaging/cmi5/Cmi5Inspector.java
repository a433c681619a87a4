package org.courseport.server.packaging.cmi5;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.CourseMetadata;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.FormatResult;
import org.courseport.server.packaging.support.PackageFormat;
import org.courseport.server.packaging.xml.BundledSchema;
import org.courseport.server.packaging.xml.LangText;
import org.courseport.server.packaging.xml.XmlDocument;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.courseport.server.packaging.xml.XmlElement;
import org.courseport.server.packaging.xml.XsdValidator;

/**
 * Inspects cmi5 course structures: a {@code cmi5.xml} inside a package, or a bare course structure
 * file whose AUs must then all have absolute URLs.
 */
public final class Cmi5Inspector {
  /** The cmi5 course structure namespace. */
  public static final String NAMESPACE =
      "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

  private final XmlDocumentLoader loader;
  private final XsdValidator validator;

  public Cmi5Inspector(XmlDocumentLoader loader, XsdValidator validator) {
    this.loader = loader;
    this.validator = validator;
  }

  /** Inspects the package whose course structure is {@code entry}. */
  public FormatResult inspect(
      PackageArchive archive, PackageArchive.ArchiveEntry entry, Findings findings) {
    return loader
        .load(archive, entry, findings)
        .map(doc -> inspect(doc, Optional.of(archive), findings))
        .orElseGet(FormatResult::unrecognised);
  }

  /** Inspects a bare course structure file (no package around it). */
  public FormatResult inspectBare(byte[] bytes, String fileName, Findings findings) {
    return loader
        .parse(bytes, fileName, findings)
        .map(doc -> inspect(doc, Optional.empty(), findings))
        .orElseGet(FormatResult::unrecognised);
  }

  private FormatResult inspect(XmlDocument doc, Optional<PackageArchive> archive, Findings f) {
    XmlElement root = doc.root();
    Optional<XmlElement> course = root.child("course");
    if (!root.localName().equals("courseStructure") || course.isEmpty()) {
      f.error(
          "manifest.root",
          doc.path(),
          root.line(),
          root.qName(),
          doc.path()
              + " is not a"
              + " cmi5 course structure: expected <courseStructure> with a <course> element");
      return FormatResult.unrecognised();
    }
    if (!root.namespace().equals(NAMESPACE)) {
      f.warning(
          "cmi5.namespace",
          doc.path(),
          root.line(),
          root.qName(),
          "<courseStructure>"
              + " should be in the namespace "
              + NAMESPACE
              + "; it was read anyway");
    }
    boolean checked = validator.validate(doc, BundledSchema.CMI5, f) != XsdValidator.NOT_CHECKED;
    Cmi5StructureReader reader = new Cmi5StructureReader(doc.path(), f);
    Activity tree = reader.read(root, course.get());
    new Cmi5UrlChecks(doc.path(), archive, f).check(reader.aus());
    return new FormatResult(
        PackageFormat.CMI5,
        describe(doc.path(), course.get(), tree),
        checked ? List.of(BundledSchema.CMI5.label()) : List.of());
  }

  private static PackageDescription describe(String file, XmlElement course, Activity tree) {
    LangText title = course.child("title").map(LangText::of).orElse(new LangText("", ""));
    LangText description =
        course.child("description").map(LangText::of).orElse(new LangText("", ""));
    Set<String> languages = new LinkedHashSet<>();
    course
        .descendantsAndSelf()
        .filter(e -> e.localName().equals("langstring"))
        .map(LangText::languageOf)
        .filter(l -> !l.isEmpty())
        .forEach(languages::add);
    int aus = tree.countOf(ActivityType.SCO);
    String launch = firstAuUrl(tree).orElse("");
    return new PackageDescription(
        PackageFormat.CMI5.standard(),
        PackageFormat.CMI5.id(),
        tree.title(),
        description.text(),
        launch,
        aus,
        aus,
        tree,
        new CourseMetadata(
            tree.title(),
            title.language(),
            description.text(),
            description.language(),
            "",
            "",
            List.of()),
        List.copyOf(languages),
        file);
  }

  private static Optional<String> firstAuUrl(Activity a) {
    if (a.type() == ActivityType.SCO) {
      return Optional.of(a.href());
    }
    return a.children().stream()
        .map(Cmi5Inspector::firstAuUrl)
        .flatMap(Optional::stream)
        .findFirst();
  }
}
