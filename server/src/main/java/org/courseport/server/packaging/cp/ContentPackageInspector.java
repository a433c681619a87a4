package org.courseport.server.packaging.cp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.archive.PackageArchive.ArchiveEntry;
import org.courseport.server.packaging.qti.QtiFileChecks;
import org.courseport.server.packaging.qti.QtiResource;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.FormatResult;
import org.courseport.server.packaging.support.Hrefs;
import org.courseport.server.packaging.support.PackageFormat;
import org.courseport.server.packaging.xml.BundledSchema;
import org.courseport.server.packaging.xml.XmlDocument;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.courseport.server.packaging.xml.XsdValidator;

/**
 * Inspects packages described by an {@code imsmanifest.xml}: SCORM 1.2/2004, IMS Common Cartridge,
 * QTI 2.x/3.0 and plain IMS content packages.
 */
public final class ContentPackageInspector {
  private final XmlDocumentLoader loader;
  private final XsdValidator validator;

  public ContentPackageInspector(XmlDocumentLoader loader, XsdValidator validator) {
    this.loader = loader;
    this.validator = validator;
  }

  /** Reads, validates and describes the package whose manifest is {@code manifestEntry}. */
  public FormatResult inspect(
      PackageArchive archive, ArchiveEntry manifestEntry, Findings findings) {
    String file = manifestEntry.path();
    Optional<XmlDocument> doc = loader.load(archive, manifestEntry, findings);
    Optional<CpManifest> read = doc.flatMap(d -> CpManifestReader.read(d.root(), file, findings));
    if (read.isEmpty()) {
      return FormatResult.unrecognised();
    }
    CpManifest manifest = read.get();
    PackageFormat format = FormatDetector.detect(manifest, file, findings);
    List<String> schemas = new ArrayList<>();
    BundledSchema.forManifestOf(format)
        .filter(s -> validator.validate(doc.get(), s, findings) != XsdValidator.NOT_CHECKED)
        .ifPresent(s -> schemas.add(s.label()));
    new IdentifierChecks(manifest, file, findings).run(format);
    if (format.isScorm()) {
      SpellingChecks.run(manifest.root(), format, file, findings);
    }
    new FileChecks(manifest, format, archive, file, findings).run();
    String testTitle = "";
    if (format.isQti()) {
      QtiFileChecks qti = new QtiFileChecks(archive, loader, validator, findings);
      testTitle = qti.run(manifest.resources().stream().map(ContentPackageInspector::qti).toList());
      schemas.addAll(qti.schemas());
    }
    Lom lom = new MetadataReader(archive, loader, file, findings).read(manifest.metadata());
    Map<String, String> links =
        format.isCommonCartridge()
            ? new CartridgeLinks(archive, loader, findings).read(manifest)
            : Map.of();
    PackageDescription description =
        new CpDescriber(manifest, format, file, findings).describe(lom, testTitle, links);
    return new FormatResult(format, description, schemas);
  }

  private static QtiResource qti(CpManifest.Resource r) {
    return new QtiResource(
        r.identifier(),
        r.type(),
        r.href().isEmpty() ? "" : Hrefs.withBase(r.base(), r.href()),
        r.dependencies().stream().map(CpManifest.Dependency::identifierRef).toList());
  }
}
