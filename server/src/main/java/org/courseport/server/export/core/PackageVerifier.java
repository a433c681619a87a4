package org.courseport.server.export.core;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.courseport.server.domain.DomainException;
import org.courseport.server.domain.blob.BlobStore;
import org.courseport.server.domain.packaging.Activity;
import org.courseport.server.domain.packaging.ActivityType;
import org.courseport.server.domain.packaging.Finding;
import org.courseport.server.domain.packaging.InspectionResult;
import org.courseport.server.domain.packaging.PackageDescription;
import org.courseport.server.domain.packaging.PackageInspector;
import org.courseport.server.domain.packaging.Severity;
import org.courseport.server.export.ExportEntry;
import org.courseport.server.export.ExportPlan;
import org.courseport.server.export.ExportPlan.Expectation;
import org.courseport.server.export.ExportVerifier;
import org.courseport.server.export.ZipAssembler.StoredZip;
import org.courseport.server.packaging.support.PackageFormat;
import org.courseport.server.packaging.xml.BundledSchema;
import org.courseport.server.packaging.zip.ZipLimits;
import org.courseport.server.packaging.zip.ZipPackageArchive;
import org.courseport.server.packaging.zip.ZipVerifier;

/**
 * Checks a written export zip with the import pipeline itself, as a user's re-import would see it:
 *
 * <ul>
 *   <li>the blob exists with the size and hash the assembler reported, and its central directory
 *       lists exactly the plan's entries, in plan order;
 *   <li>a package the pipeline imports as a course ({@link Expectation#standard()} set) is
 *       inspected by the same {@link PackageInspector} imports use (zip limits and CRCs on actual
 *       bytes, manifest, semantic checks): the standard, the package format, the first launch URL
 *       and the number of launchable activities (SCOs, Common Cartridge items: activities with a
 *       launch URL, and cartridge items whose resource has none, such as assessments) must be as
 *       expected, with no ERROR finding;
 *   <li>a QTI or plain zip ({@code standard} null) must open and read through the pipeline's zip
 *       checks;
 *   <li>the manifest ({@link Expectation#manifestPath()}, when set) must be the one the pipeline
 *       read, must have been validated against the official schema set bundled for its format (when
 *       one is bundled), and must draw no {@code xsd} finding: the import reports XSD violations as
 *       warnings, but a package Courseport writes must have none.
 * </ul>
 */
public final class PackageVerifier implements ExportVerifier {
  /** At most this many findings of one kind are listed. */
  static final int MAX_LISTED = 20;

  private final BlobStore blobs;
  private final PackageInspector inspector;
  private final ZipLimits limits;

  /**
   * @param inspector the import pipeline's inspector ({@code StoredPackageInspector})
   * @param limits the zip limits imports apply
   */
  public PackageVerifier(BlobStore blobs, PackageInspector inspector, ZipLimits limits) {
    this.blobs = blobs;
    this.inspector = inspector;
    this.limits = limits;
  }

  @Override
  public List<String> problems(ExportPlan plan, StoredZip zip) {
    List<String> problems = new ArrayList<>();
    try {
      if (!stored(zip, problems)) {
        return problems;
      }
      entries(plan, zip, problems);
      Expectation expect = plan.expect();
      if (expect.standard() == null) {
        readable(zip, problems);
        if (expect.manifestPath() != null) {
          manifest(expect, inspect(plan, zip), problems);
        }
      } else {
        InspectionResult result = inspect(plan, zip);
        imported(expect, result, problems);
        if (expect.manifestPath() != null) {
          manifest(expect, result, problems);
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add("the zip could not be read: " + e);
    }
    return problems;
  }

  private boolean stored(StoredZip zip, List<String> problems) throws IOException {
    if (!blobs.exists(zip.blobId())) {
      problems.add("the zip " + zip.blobId() + " is not in the blob store");
      return false;
    }
    long size = blobs.size(zip.blobId());
    if (size != zip.size()) {
      problems.add("the stored zip has " + size + " bytes, the assembler reported " + zip.size());
    }
    if (!zip.blobId().equals(zip.sha256())) {
      problems.add(
          "the stored zip's SHA-256 is "
              + zip.blobId()
              + ", the assembler reported "
              + zip.sha256());
    }
    return true;
  }

  /** The central directory lists exactly the plan's entries, in order. */
  private void entries(ExportPlan plan, StoredZip zip, List<String> problems) throws IOException {
    List<String> names = new ArrayList<>();
    try (SeekableByteChannel channel = blobs.openChannel(zip.blobId());
        ZipFile file = ZipFile.builder().setSeekableByteChannel(channel).get()) {
      for (ZipArchiveEntry entry : Collections.list(file.getEntriesInPhysicalOrder())) {
        names.add(entry.getName());
      }
    }
    List<String> planned = plan.entries().stream().map(ExportEntry::path).toList();
    if (names.equals(planned)) {
      return;
    }
    List<String> missing = new ArrayList<>(planned);
    missing.removeAll(names);
    List<String> extra = new ArrayList<>(names);
    extra.removeAll(planned);
    if (missing.isEmpty() && extra.isEmpty()) {
      problems.add("the zip's entries are not in the plan's order");
      return;
    }
    if (!missing.isEmpty()) {
      problems.add("entries of the plan missing from the zip: " + listed(missing));
    }
    if (!extra.isEmpty()) {
      problems.add("entries in the zip that the plan does not have: " + listed(extra));
    }
  }

  /** A zip the pipeline does not import as a course still opens and reads through its checks. */
  private void readable(StoredZip zip, List<String> problems) throws IOException {
    try (ZipPackageArchive archive =
        ZipPackageArchive.open(blobs.openChannel(zip.blobId()), limits)) {
      ZipVerifier.shared().verify(archive);
    } catch (DomainException e) {
      problems.add("the zip is refused by the import's zip checks: " + e.getMessage());
    }
  }

  private InspectionResult inspect(ExportPlan plan, StoredZip zip) throws IOException {
    try (SeekableByteChannel channel = blobs.openChannel(zip.blobId())) {
      return inspector.inspect(channel, plan.fileName());
    }
  }

  private static void imported(Expectation expect, InspectionResult result, List<String> problems) {
    List<Finding> errors =
        result.report().findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
    errors.stream()
        .limit(MAX_LISTED)
        .forEach(f -> problems.add("re-import error: " + f.describe()));
    PackageDescription d = result.description();
    if (d == null) {
      if (errors.isEmpty()) {
        problems.add("the re-import did not recognise the package");
      }
      return;
    }
    if (d.standard() != expect.standard()) {
      problems.add(
          "the re-import found the standard " + d.standard() + ", expected " + expect.standard());
    }
    if (expect.formatName() != null && !expect.formatName().equals(d.packageFormat())) {
      problems.add(
          "the re-import found the format '"
              + d.packageFormat()
              + "', expected '"
              + expect.formatName()
              + "'");
    }
    if (expect.launchHref() != null && !expect.launchHref().equals(d.launchUrl())) {
      problems.add(
          "the re-import found the launch URL '"
              + d.launchUrl()
              + "', expected '"
              + expect.launchHref()
              + "'");
    }
    if (expect.activityCount() >= 0) {
      int launchable = launchable(d.rootActivity());
      if (launchable != expect.activityCount()) {
        problems.add(
            "the re-import found "
                + launchable
                + " launchable activities, expected "
                + expect.activityCount());
      }
    }
  }

  private static void manifest(Expectation expect, InspectionResult result, List<String> problems) {
    PackageDescription d = result.description();
    String path = expect.manifestPath();
    if (d == null || !path.equals(d.manifestFile())) {
      problems.add(
          "the re-import did not read "
              + path
              + " as the manifest"
              + (d == null ? "" : " (it read '" + d.manifestFile() + "')"));
      return;
    }
    Optional<BundledSchema> schema =
        Arrays.stream(PackageFormat.values())
            .filter(f -> f.id().equals(result.report().packageFormat()))
            .findFirst()
            .flatMap(BundledSchema::forManifestOf);
    if (schema.isPresent() && !result.report().schemas().contains(schema.get().label())) {
      problems.add(path + " was not validated against the official schema " + schema.get().label());
    }
    result.report().findings().stream()
        .filter(f -> f.rule().equals("xsd") || f.rule().startsWith("xsd."))
        .limit(MAX_LISTED)
        .forEach(f -> problems.add("schema: " + f.describe()));
  }

  /**
   * Activities with a launch URL, and Common Cartridge items of a resource without one (an
   * assessment or discussion: the LMS renders it from its file, so the import gives no URL). In a
   * SCORM package every item with a resource has a launch URL, so there the two are the same.
   */
  static int launchable(Activity activity) {
    if (activity == null) {
      return 0;
    }
    boolean hasHref = !Objects.requireNonNullElse(activity.href(), "").isEmpty();
    boolean hreflessItem =
        activity.type() == ActivityType.ASSET
            && !Objects.requireNonNullElse(activity.resourceIdentifier(), "").isEmpty();
    int n = hasHref || hreflessItem ? 1 : 0;
    for (Activity child : activity.children()) {
      n += launchable(child);
    }
    return n;
  }

  private static String listed(List<String> paths) {
    return paths.size() <= MAX_LISTED
        ? String.join(", ", paths)
        : String.join(", ", paths.subList(0, MAX_LISTED))
            + " and "
            + (paths.size() - MAX_LISTED)
            + " more";
  }
}
