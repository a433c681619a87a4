package org.courseport.server.export.imported;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.course.CourseVersion;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.LearningStandard;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.export.CourseSnapshot;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportFormat;
import org.courseport.server.export.ExportOptions;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ExportRefusedException;
import org.courseport.server.export.PackageWriter;
import org.courseport.server.packaging.zip.ZipLimits;
import org.w3c.dom.Document;

/**
 * Exports an imported course from its stored package (docs/course-export.md, "Imported courses"):
 *
 * <ul>
 *   <li>in its own standard: its files as the import read them (re-rooted, '\' and letter-case
 *       repairs written into the manifest), content bytes unchanged;
 *   <li>SCORM 2004 between editions, and SCORM 1.2 to 2004 and back: a rewritten manifest and, for
 *       1.2 ↔ 2004, a launch page per SCO that provides the API the content calls on top of the
 *       LMS's ({@link ScormConversion}); refused where that cannot be faithful;
 *   <li>as Common Cartridge: its files as one web content resource launched from a one-item
 *       organization ({@link CartridgeWrapper}), refused for SCORM content that needs an LMS API;
 *   <li>as QTI: a QTI package as it is; as a zip: its files.
 * </ul>
 *
 * Everything else is refused with an {@link ExportRefusedException} that names the reason.
 */
public final class ImportedPackageWriter implements PackageWriter {
  /** The writer name and version in plan keys; bump when the output for a package changes. */
  static final String WRITER = "imported/1";

  private final BlobStore blobs;
  private final ZipLimits limits;
  private final OpenArchives readers;

  public ImportedPackageWriter(BlobStore blobs, ZipLimits limits) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.readers = new OpenArchives(blobs, limits);
  }

  @Override
  public boolean supports(CourseSnapshot course, ExportFormat format) {
    return !course.authored();
  }

  @Override
  public ExportPlan plan(CourseSnapshot course, ExportOptions options) {
    CourseVersion version = course.imported();
    if (version == null) {
      throw new IllegalArgumentException("course " + course.courseId() + " was not imported");
    }
    PackageDescription described = version.description();
    SourceKind kind = SourceKind.of(described == null ? "" : described.packageFormat());
    ExportFormat format = options.format();
    if (format != ExportFormat.ZIP && !kind.isOwn(format)) {
      refuseUnconvertible(kind, format);
    }
    try (StoredPackage pkg = StoredPackage.open(blobs, limits, readers, version.blobId())) {
      Source source = new Source(course, version, described, kind, pkg);
      if (format == ExportFormat.ZIP) {
        return plainZip(source);
      }
      if (kind.isOwn(format)) {
        return asItIs(source, format);
      }
      if (format.scorm()) {
        return ScormConversion.plan(source, format);
      }
      return CartridgeWrapper.plan(source, format);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "stored package " + version.blobId() + " of course " + course.courseId(), e);
    }
  }

  /** What a plan is made from. */
  record Source(
      CourseSnapshot course,
      CourseVersion version,
      PackageDescription described,
      SourceKind kind,
      StoredPackage pkg) {

    String manifestPath() {
      return described.manifestFile();
    }

    /** The manifest with the import's path repairs written in. */
    Document repairedManifest() throws IOException {
      Document doc = ManifestXml.parse(pkg.read(manifestPath()), manifestPath());
      ManifestPaths.repair(doc, pkg);
      return doc;
    }

    /** The writer name for the plan: the writer version and the stored package. */
    String writer() {
      return WRITER + ":" + version.blobId();
    }

    /** Whether the import validated the manifest against its official schema without a finding. */
    boolean manifestWasSchemaValid() {
      return !version.report().schemas().isEmpty()
          && version.report().findings().stream().map(Finding::rule).noneMatch("xsd"::equals);
    }
  }

  /** Refuses the formats a package of this kind cannot be made into, naming why. */
  private static void refuseUnconvertible(SourceKind kind, ExportFormat format) {
    String reason =
        switch (kind) {
          case CMI5 ->
              "its assignable units are launched with an xAPI LRS endpoint and credentials"
                  + " (fetch URL, registration) that this format does not provide";
          case XAPI ->
              "its content reports its results as xAPI statements to an LRS, which this format"
                  + " does not provide";
          case AICC ->
              "its content reports to the LMS over AICC HACP (HTTP messages), not through a"
                  + " JavaScript API that a bridge could provide";
          case UNKNOWN -> "the import did not recognise its package format";
          default -> null;
        };
    if (reason == null && format.scorm()) {
      reason =
          switch (kind) {
            case IMSCC_10, IMSCC_11, IMSCC_12, IMSCC_13 ->
                "a cartridge's resources (web links, discussions, assessments, LTI links) have no"
                    + " SCORM equivalent; export it as Common Cartridge or as a zip";
            case IMSCP ->
                "a plain IMS content package has no SCOs and no tracking; export it as Common"
                    + " Cartridge or as a zip";
            case QTI ->
                "a QTI package holds assessment items, not launchable SCORM content; export it as"
                    + " QTI";
            case MEDIA ->
                "a media file has no SCORM runtime; export it as Common Cartridge or as a zip";
            default -> null;
          };
    }
    if (reason == null && format == ExportFormat.QTI && kind != SourceKind.QTI) {
      reason =
          "only an imported QTI package is exported as QTI; the questions inside other packages"
              + " are the content's own and cannot be extracted faithfully";
    }
    if (reason == null
        && (format == ExportFormat.COMMON_CARTRIDGE_13
            || format == ExportFormat.COMMON_CARTRIDGE_11)) {
      reason = CartridgeWrapper.refusal(kind, format);
    }
    if (reason != null) {
      throw refused(kind, format, reason);
    }
  }

  static ExportRefusedException refused(SourceKind kind, ExportFormat format, String reason) {
    return new ExportRefusedException(
        capitalised(kind.label())
            + " cannot be exported as "
            + SourceKind.label(format)
            + ": "
            + reason);
  }

  private static String capitalised(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** The package in its own format: its files, the manifest with the import's repairs. */
  private static ExportPlan asItIs(Source source, ExportFormat format) throws IOException {
    Document manifest = source.repairedManifest();
    List<ExportEntry> entries = filesWithManifest(source, manifest);
    PackageDescription d = source.described();
    return new ExportPlan(
        format,
        fileName(source.course(), format),
        source.writer(),
        entries,
        new ExportPlan.Expectation(
            d.standard(),
            d.packageFormat(),
            launchOf(manifest, d),
            d.scoCount(),
            source.manifestWasSchemaValid() ? source.manifestPath() : null));
  }

  /**
   * The launch URL of a manifest as the import computes it; a package without a launchable item
   * (QTI, a cartridge of resources only) keeps the import's own answer.
   */
  private static String launchOf(Document manifest, PackageDescription d) {
    String launch = ManifestPaths.launch(manifest);
    return launch.isEmpty() ? d.launchUrl() : launch;
  }

  /** The package's files in a plain zip, the manifest (when it has one) with its repairs. */
  private static ExportPlan plainZip(Source source) throws IOException {
    List<ExportEntry> entries;
    if (source.described() != null
        && source.manifestPath().toLowerCase(Locale.ROOT).endsWith("imsmanifest.xml")
        && source.pkg().file(source.manifestPath()).isPresent()) {
      entries = filesWithManifest(source, source.repairedManifest());
    } else {
      entries = new ArrayList<>();
      for (StoredPackage.File file : source.pkg().files()) {
        entries.add(source.pkg().entry(file.path(), file));
      }
    }
    return new ExportPlan(
        ExportFormat.ZIP,
        fileName(source.course(), ExportFormat.ZIP),
        source.writer(),
        entries,
        new ExportPlan.Expectation(null, null, null, -1, null));
  }

  /**
   * The manifest first (its stored bytes when no repair was needed), then every other file in zip
   * order.
   */
  static List<ExportEntry> filesWithManifest(Source source, Document repaired) throws IOException {
    String path = source.manifestPath();
    Document original = ManifestXml.parse(source.pkg().read(path), path);
    boolean changed = !original.isEqualNode(repaired);
    List<ExportEntry> entries = new ArrayList<>();
    entries.add(
        changed
            ? ExportEntry.bytes(path, ManifestXml.write(repaired), true)
            : source.pkg().entry(path, source.pkg().file(path).orElseThrow()));
    for (StoredPackage.File file : source.pkg().files()) {
      if (!file.path().equals(path)) {
        entries.add(source.pkg().entry(file.path(), file));
      }
    }
    return entries;
  }

  /** The download's file name: the course title as a slug, the format's API name. */
  static String fileName(CourseSnapshot course, ExportFormat format) {
    String slug =
        java.text.Normalizer.normalize(course.title(), java.text.Normalizer.Form.NFKD)
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("(^-+|-+$)", "");
    if (slug.isEmpty()) {
      slug = "course";
    }
    if (slug.length() > 60) {
      slug = slug.substring(0, 60).replaceAll("-+$", "");
    }
    boolean cartridge =
        format == ExportFormat.COMMON_CARTRIDGE_13 || format == ExportFormat.COMMON_CARTRIDGE_11;
    return slug + "-" + format.apiName() + (cartridge ? ".imscc" : ".zip");
  }

  /** The learning standard a SCORM export format is re-imported as. */
  static LearningStandard standardOf(ExportFormat format) {
    return switch (format) {
      case SCORM12 -> LearningStandard.SCORM12;
      case SCORM2004_3RD -> LearningStandard.SCORM2004_3RD;
      case SCORM2004_4TH -> LearningStandard.SCORM2004_4TH;
      default -> LearningStandard.UNKNOWN;
    };
  }
}
