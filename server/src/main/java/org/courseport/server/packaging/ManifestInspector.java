package org.courseport.server.packaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.ValidationReport;
import org.courseport.server.packaging.aicc.AiccInspector;
import org.courseport.server.packaging.archive.PackageArchive;
import org.courseport.server.packaging.cmi5.Cmi5Inspector;
import org.courseport.server.packaging.cp.ContentPackageInspector;
import org.courseport.server.packaging.support.Findings;
import org.courseport.server.packaging.support.FormatResult;
import org.courseport.server.packaging.support.InspectionLimits;
import org.courseport.server.packaging.xapi.TincanInspector;
import org.courseport.server.packaging.xml.SchemaRegistry;
import org.courseport.server.packaging.xml.XmlDocumentLoader;
import org.courseport.server.packaging.xml.XsdValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Describes and validates a package read through a {@link PackageArchive}: finds its manifest,
 * recognises the standard and edition, builds the activity tree, launch URL and metadata, and
 * reports XSD (warnings) and semantic findings (errors refuse the package). Thread-safe.
 */
public final class ManifestInspector {
  private static final Logger log = LoggerFactory.getLogger(ManifestInspector.class);

  private final ContentPackageInspector contentPackages;
  private final Cmi5Inspector cmi5;
  private final TincanInspector tincan;
  private final AiccInspector aicc;

  /** An inspector with {@link InspectionLimits#DEFAULT} and the process-wide schema cache. */
  public ManifestInspector() {
    this(InspectionLimits.DEFAULT);
  }

  public ManifestInspector(InspectionLimits limits) {
    XmlDocumentLoader loader = new XmlDocumentLoader(limits);
    XsdValidator validator =
        new XsdValidator(
            SchemaRegistry.shared(), limits.maxXsdFindings(), limits.maxElementDepth());
    this.contentPackages = new ContentPackageInspector(loader, validator);
    this.cmi5 = new Cmi5Inspector(loader, validator);
    this.tincan = new TincanInspector(loader);
    this.aicc = new AiccInspector(limits.maxXmlBytes());
  }

  /**
   * Inspects {@code archive}. Never throws for a bad package: every problem is a finding, and the
   * description is null when nothing could be recognised.
   */
  public InspectionResult inspect(PackageArchive archive) {
    Findings findings = new Findings();
    FormatResult result = FormatResult.unrecognised();
    try {
      Optional<ManifestLocator.Choice> choice = ManifestLocator.locate(archive, findings);
      if (choice.isPresent()) {
        result = inspect(archive, choice.get(), findings);
      }
    } catch (DomainException e) {
      // The archive refused a file while it was read (a zip limit on the actual bytes).
      findings.error(
          e.metadata().getOrDefault("rule", e.reason()),
          e.metadata().getOrDefault("entry", ""),
          e.getMessage());
    } catch (RuntimeException e) {
      log.warn("inspection of a package failed", e);
      findings.error(
          "package.unreadable",
          "",
          "The package could not be inspected ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")");
    }
    return new InspectionResult(result.description(), report(archive, result, findings));
  }

  private FormatResult inspect(
      PackageArchive archive, ManifestLocator.Choice choice, Findings findings) {
    return switch (choice.kind()) {
      case CMI5 -> cmi5.inspect(archive, choice.entry(), findings);
      case IMS -> contentPackages.inspect(archive, choice.entry(), findings);
      case TINCAN -> tincan.inspect(archive, choice.entry(), findings);
      case AICC -> aicc.inspect(archive, choice.entry(), findings);
    };
  }

  private static ValidationReport report(
      PackageArchive archive, FormatResult result, Findings findings) {
    List<Finding> all = new ArrayList<>(archive.repairs());
    all.addAll(findings.list());
    String format = result.format() == null ? "" : result.format().id();
    LearningStandard standard =
        result.format() == null ? LearningStandard.UNKNOWN : result.format().standard();
    return new ValidationReport(format, standard, all, result.schemas());
  }
}
